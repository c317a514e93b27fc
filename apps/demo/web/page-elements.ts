// The elements of index.html the page script works with, looked up once by id.

/** The element with this id, which must be of this type. */
export function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return found;
}

/** The page's controls and displays (see index.html). */
export type PageElements = ReturnType<typeof pageElements>;

/** Looks up the page's controls and displays; throws if index.html lacks one. */
export function pageElements() {
  return {
    form: element('controls', HTMLFormElement),
    task: element('task', HTMLSelectElement),
    budget: element('budget', HTMLInputElement),
    seed: element('seed', HTMLInputElement),
    schedule: element('schedule', HTMLSelectElement),
    workers: element('workers', HTMLSelectElement),
    claim: element('claim', HTMLParagraphElement),
    compute: element('compute', HTMLParagraphElement),
    use: { hf: element('use-hf', HTMLInputElement), adam: element('use-adam', HTMLInputElement) },
    start: element('start', HTMLButtonElement),
    pause: element('pause', HTMLButtonElement),
    reset: element('reset', HTMLButtonElement),
    summary: element('task-summary', HTMLParagraphElement),
    status: element('status', HTMLParagraphElement),
    error: element('error', HTMLParagraphElement),
    stats: element('stats', HTMLTableElement),
    lossUnits: element('loss-units', HTMLParagraphElement),
    scoreHead: element('score-head', HTMLTableCellElement),
    stepProgress: element('step-progress', HTMLParagraphElement),
    finals: element('finals', HTMLUListElement),
    runSettings: element('run-settings', HTMLUListElement),
    previews: element('previews', HTMLElement),
    digits: element('digits', HTMLCanvasElement),
    charts: { byTime: element('chart-time', HTMLElement), bySteps: element('chart-steps', HTMLElement), hf: element('chart-hf', HTMLElement) },
  };
}
