// Calls to the service: the API key header, errors with the service's `detail`, upload progress,
// and jobs (submit, poll rows done of total, fetch the result, cancel).

export class ApiError extends Error {
  constructor(status, detail) {
    super(`${status ? `${status}: ` : ""}${detail}`);
    this.status = status;
    this.detail = detail;
  }
}

// `detail` of an error answer in words: FastAPI sends a string, or a list for validation errors.
export function describeDetail(status, body) {
  let detail = body;
  try { detail = JSON.parse(body).detail ?? body; } catch { /* not JSON: the text itself */ }
  if (Array.isArray(detail)) {
    detail = detail.map((item) => `${(item.loc || []).join(".")}: ${item.msg}`).join("; ");
  } else if (typeof detail !== "string") {
    detail = JSON.stringify(detail);
  }
  return detail || `the service answered ${status} with no detail`;
}

let apiKey = () => "";
export function useKey(getter) { apiKey = getter; }

function headers(extra = {}) {
  const key = apiKey();
  return key ? { "X-API-Key": key, ...extra } : extra;
}

// fetch() that throws ApiError with the service's detail for any answer that is not 2xx.
export async function call(url, { method = "GET", body, json, signal } = {}) {
  const init = { method, signal, headers: headers() };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers = headers({ "Content-Type": "application/json" });
  } else if (body !== undefined) {
    init.body = body;
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, `the service could not be reached (${error.message})`);
  }
  if (!response.ok) throw new ApiError(response.status, describeDetail(response.status, await response.text()));
  return response;
}

export function fileForm(file, fields = {}) {
  const form = new FormData();
  form.append("file", file, file.name);
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== "") form.append(name, value);
  return form;
}

// POST a file with upload progress (XMLHttpRequest: fetch reports no upload progress).
// Resolves to {text, headers}; `onProgress(sentBytes, totalBytes)`; `handle.abort()` cancels.
export function upload(url, file, { onProgress, handle = {} } = {}) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    for (const [name, value] of Object.entries(headers())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => onProgress?.(event.loaded, event.total);
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        resolve({ text: request.responseText, header: (name) => request.getResponseHeader(name) });
      } else {
        reject(new ApiError(request.status, describeDetail(request.status, request.responseText)));
      }
    };
    request.onerror = () => reject(new ApiError(0, "the service could not be reached"));
    request.onabort = () => reject(new DOMException("cancelled", "AbortError"));
    handle.abort = () => request.abort();
    request.send(fileForm(file));
  });
}

const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener("abort", () => { clearTimeout(timer); reject(new DOMException("cancelled", "AbortError")); });
});

// The job's progress from GET /jobs/{id}: {state, done, total, summary, error, errorStatus}.
export function jobProgress(status) {
  return {
    state: status.state,
    done: status.rows_done,
    total: status.total ?? null,
    summary: status.summary ?? null,
    error: status.error ?? null,
    errorStatus: status.error_status ?? 0,
  };
}

// Runs a file as a job (POST /jobs/, poll GET /jobs/{id}, GET /jobs/{id}/result): resolves to
// {text, summary}, or null when this service has no /jobs/.
// `onProgress({state, done, total})`; aborting `signal` cancels (DELETE) the job.
export async function runJob(query, file, { onProgress, signal }) {
  let submitted;
  try {
    submitted = await call(`/jobs/?${query}`, { method: "POST", body: fileForm(file), signal });
  } catch (error) {
    if (error.status === 404 || error.status === 405) return null;
    throw error;
  }
  const job = await submitted.json();
  const url = job.url || `/jobs/${job.id}`;
  const cancel = () => call(url, { method: "DELETE" }).catch(() => {});
  signal.addEventListener("abort", cancel);
  try {
    for (let delay = 200; ; delay = Math.min(1000, delay * 1.5)) {
      const progress = jobProgress(await (await call(url, { signal })).json());
      onProgress(progress);
      if (progress.state === "done") break;
      if (progress.state === "failed") throw new ApiError(progress.errorStatus, progress.error || "the job failed");
      if (progress.state === "cancelled") throw new ApiError(0, "the job was cancelled");
      await sleep(delay, signal);
    }
    const result = await call(`${url}/result`, { signal });
    const status = jobProgress(await (await call(url, { signal })).json());
    return { text: await result.text(), summary: status.summary };
  } finally {
    signal.removeEventListener("abort", cancel);
  }
}
