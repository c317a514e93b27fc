// The page: settings (settings.ts), Start / Pause / Reset with one training
// worker per optimizer, in turn or side by side (runs.ts), and the live view:
// progress table (progress-table.ts), HF's in-step progress (step-progress.ts),
// charts (charts.ts) and reconstructions (digits.ts).
import { TASK_SPECS } from '../src/tasks.js';
import { LiveCharts } from './charts.js';
import { DigitGrid } from './digits.js';
import { pageElements } from './page-elements.js';
import { ProgressTable } from './progress-table.js';
import { controlRuns } from './runs.js';
import { setUpSettings } from './settings.js';
import { StepProgressLine } from './step-progress.js';

const ui = pageElements();
const charts = new LiveCharts(ui.charts, 'loss');
const digits = new DigitGrid(ui.digits, TASK_SPECS.autoencoder.previewCount, 3);
setUpSettings(ui);
const table = new ProgressTable(ui.stats);
controlRuns(ui, { charts, digits, table, stepLine: new StepProgressLine(ui.stepProgress) });
