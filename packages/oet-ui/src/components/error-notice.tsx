import type { ApiError } from '../api/api-error.js';

/** A failed call, stated plainly (`role="alert"` so screen readers announce it). */
export function ErrorNotice({ error, onDismiss }: { error: ApiError | string | undefined; onDismiss?: () => void }) {
  if (error === undefined) return null;
  const text = typeof error === 'string' ? error : error.message;
  const status = typeof error === 'string' ? undefined : error.status;
  return (
    <div class={`notice error ${status === 401 || status === 403 ? 'auth' : ''}`} role="alert" data-status={status}>
      <span>{text}</span>
      {onDismiss && (
        <button type="button" class="link" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
