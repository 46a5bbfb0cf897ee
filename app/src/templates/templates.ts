import type { Flow } from "@nexus-flow/shared";

/**
 * The "New from template" gallery. Each template is a plain flow file in `app/templates/`
 * (the same format Import reads, so people can also share them as files); this list adds
 * what the gallery shows. Files load on demand: none of them is in the start-up bundle.
 */
export interface TemplateInfo {
  /** The file's name without `.json`, which is also the flow's id in the file. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

export const templates: readonly TemplateInfo[] = [
  { id: "api-poller", title: "API poller with a condition", description: "Every 5 minutes, fetch a status API; if it reports trouble, post an alert." },
  { id: "webhook-to-database", title: "Webhook to database insert", description: "Take a signup from a webhook, check it, and insert it into PostgreSQL on a runner." },
  { id: "approval-loop", title: "Approval before a change", description: "Expenses over 500 wait for a manager's approval; smaller ones go straight through." },
  { id: "scheduled-report", title: "Scheduled weekly report", description: "Each Monday, count last week's signups in the database and post a summary." },
  { id: "error-notification", title: "Error notification", description: "Use as another flow's error flow: describe the failure and notify on-call." },
  { id: "fan-out-merge", title: "Fetch in parallel and combine", description: "Call two APIs at once, wait for both, and join their results." },
];

// Vite turns this into one lazy chunk per file.
const files = import.meta.glob<Flow>("../../templates/*.json", { import: "default" });

/**
 * Loads a template's flow file (not validated here: the repo validates it like an import).
 * @example await loadTemplate("api-poller") // { schemaVersion: 1, id: "api-poller", … }
 */
export async function loadTemplate(id: string): Promise<Flow> {
  const load = files[`../../templates/${id}.json`];
  if (!load) throw new Error(`no template "${id}"`);
  return structuredClone(await load());
}
