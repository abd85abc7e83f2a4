/** A procedure or activity state as a coloured badge (text is always shown, colour is never the only cue). */
export function StateBadge({ state }: { state: string }) {
  return (
    <span class={`badge state-${state.toLowerCase()}`} data-state={state}>
      {state}
    </span>
  );
}
