import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.js';
import type { CreateProcedureBody } from '../api/oet-api.js';
import type { ScriptEntry } from '../api/types.js';
import { ErrorNotice } from '../components/error-notice.js';
import { parseKwargs } from '../format.js';
import type { OetStore } from '../state/oet-store.js';

type Source = 'filesystem' | 'git';

/** Create a procedure from a script under the server's roots or from git, optionally starting it once READY. */
export function CreateView({ store, onCreated }: { store: OetStore; onCreated: (id: number) => void }) {
  const [scripts, setScripts] = useState<ScriptEntry[]>([]);
  const [scriptsError, setScriptsError] = useState<ApiError>();
  const [source, setSource] = useState<Source>('filesystem');
  const [scriptUri, setScriptUri] = useState('');
  const [gitUri, setGitUri] = useState('git://');
  const [gitRepo, setGitRepo] = useState('');
  const [gitBranch, setGitBranch] = useState('');
  const [gitCommit, setGitCommit] = useState('');
  const [createEnv, setCreateEnv] = useState(false);
  const [subarray, setSubarray] = useState('1');
  const [initText, setInitText] = useState('{}');
  const [mainText, setMainText] = useState('{}');
  const [error, setError] = useState<ApiError | string>();
  const [progress, setProgress] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    store.api
      .listScripts()
      .then((list) => {
        setScripts(list);
        setScriptsError(undefined);
        setScriptUri((u) => u || (list.find((s) => s.path === 'observe.js') ?? list[0])?.script_uri || '');
      })
      .catch((err: unknown) => setScriptsError(err instanceof ApiError ? err : new ApiError(0, String(err))));
  }, [store]);

  const init = parseKwargs(initText, 'Init kwargs');
  const main = parseKwargs(mainText, 'Main kwargs');
  const subarrayValid = subarray.trim() === '' || /^\d+$/.test(subarray.trim());
  const uri = source === 'filesystem' ? scriptUri : gitUri;
  const valid = init.ok && main.ok && subarrayValid && uri !== '' && uri !== 'git://';

  const submit = async (startToo: boolean) => {
    if (!init.ok || !main.ok || !valid) return;
    setBusy(true);
    setError(undefined);
    try {
      const kwargs = { ...init.value };
      if (subarray.trim() !== '') kwargs.subarray_id = Number(subarray);
      const body: CreateProcedureBody = {
        script:
          source === 'filesystem'
            ? { script_type: 'filesystem', script_uri: scriptUri }
            : {
                script_type: 'git',
                script_uri: gitUri,
                create_env: createEnv,
                git_args: {
                  ...(gitRepo ? { git_repo: gitRepo } : {}),
                  ...(gitBranch ? { git_branch: gitBranch } : {}),
                  ...(gitCommit ? { git_commit: gitCommit } : {}),
                },
              },
        script_args: { init: { args: [], kwargs } },
      };
      setProgress('Creating…');
      const created = await store.api.createProcedure(body);
      store.put(created);
      setProgress('');
      // the lane shows it READY, then RUNNING: the start happens in the background
      if (startToo) void store.startWhenReady(created.id, main.value);
      onCreated(created.id);
    } catch (err) {
      setProgress('');
      setError(err instanceof ApiError ? err : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="create"
      aria-labelledby="create-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(true);
      }}
    >
      <h2 id="create-title">Create and start a procedure</h2>
      <fieldset>
        <legend>Script source</legend>
        <label class="inline">
          <input type="radio" name="source" value="filesystem" checked={source === 'filesystem'} onChange={() => setSource('filesystem')} /> Script roots
        </label>
        <label class="inline">
          <input type="radio" name="source" value="git" checked={source === 'git'} onChange={() => setSource('git')} /> Git repository
        </label>
      </fieldset>
      {source === 'filesystem' ? (
        <div class="field">
          <label for="script">Script</label>
          <select id="script" value={scriptUri} onChange={(e) => setScriptUri(e.currentTarget.value)}>
            {scripts.length === 0 && <option value="">(no scripts listed)</option>}
            {scripts.map((s) => (
              <option key={s.script_uri} value={s.script_uri}>
                {s.path} ({s.root})
              </option>
            ))}
          </select>
          <ErrorNotice error={scriptsError} />
        </div>
      ) : (
        <div class="git-fields">
          <div class="field">
            <label for="git-uri">Script path in the repository</label>
            <input id="git-uri" type="text" value={gitUri} onInput={(e) => setGitUri(e.currentTarget.value)} placeholder="git://scripts/observe.js" />
          </div>
          <div class="field">
            <label for="git-repo">Repository</label>
            <input id="git-repo" type="text" value={gitRepo} onInput={(e) => setGitRepo(e.currentTarget.value)} placeholder="https://example.org/obs/scripts.git" />
          </div>
          <div class="field">
            <label for="git-branch">Branch</label>
            <input id="git-branch" type="text" value={gitBranch} onInput={(e) => setGitBranch(e.currentTarget.value)} placeholder="main" />
          </div>
          <div class="field">
            <label for="git-commit">Commit</label>
            <input id="git-commit" type="text" value={gitCommit} onInput={(e) => setGitCommit(e.currentTarget.value)} placeholder="(newest on the branch)" />
          </div>
          <label class="inline">
            <input type="checkbox" checked={createEnv} onChange={(e) => setCreateEnv(e.currentTarget.checked)} /> Install the repository's dependencies (create_env)
          </label>
        </div>
      )}
      <div class="field">
        <label for="subarray">Subarray ID</label>
        <input
          id="subarray"
          type="text"
          inputMode="numeric"
          value={subarray}
          onInput={(e) => setSubarray(e.currentTarget.value)}
          aria-invalid={!subarrayValid}
          aria-describedby="subarray-help"
        />
        <p id="subarray-help" class="help">
          {subarrayValid ? 'Added to the init kwargs as subarray_id; empty: no subarray.' : 'The subarray ID must be a whole number.'}
        </p>
      </div>
      <div class="field">
        <label for="init-kwargs">Init kwargs (JSON object)</label>
        <textarea id="init-kwargs" rows={3} value={initText} onInput={(e) => setInitText(e.currentTarget.value)} aria-invalid={!init.ok} aria-describedby="init-help" spellcheck={false} />
        <p id="init-help" class={init.ok ? 'help' : 'field-error'}>
          {init.ok ? 'Passed to the script’s init(). Example: {"telescope_url": "http://127.0.0.1:5100"}' : init.error}
        </p>
      </div>
      <div class="field">
        <label for="main-kwargs">Main kwargs (JSON object)</label>
        <textarea id="main-kwargs" rows={3} value={mainText} onInput={(e) => setMainText(e.currentTarget.value)} aria-invalid={!main.ok} aria-describedby="main-help" spellcheck={false} />
        <p id="main-help" class={main.ok ? 'help' : 'field-error'}>
          {main.ok ? 'Passed to main() when started. Example: {"scan_duration": 2, "scans": 1}' : main.error}
        </p>
      </div>
      <div class="actions">
        <button type="button" onClick={() => void submit(false)} disabled={busy || !valid}>
          Create
        </button>
        <button type="submit" class="primary" disabled={busy || !valid}>
          Create and start
        </button>
      </div>
      {progress && (
        <p role="status" class="notice">
          {progress}
        </p>
      )}
      <ErrorNotice error={error} onDismiss={() => setError(undefined)} />
    </form>
  );
}
