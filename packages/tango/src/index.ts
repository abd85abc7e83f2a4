// Public API of @observatory/tango (named exports only; see README).
export {};
