// Entry of a parse worker thread (see parse-pool.ts). Plain JavaScript so Node can start it; it
// registers the TypeScript loader, then serves one task: priority links, or a site analysis in two
// steps (views and the search URL, then the detectors once the main thread sent the search answer).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const tasks = await import('./parse-tasks.ts');

const task = workerData;
if (task.kind === 'seeds') {
  parentPort.postMessage({ kind: 'done', value: tasks.prioritySeedsOf(task.url, task.html) });
} else {
  const analysis = new tasks.SiteAnalysis(task.input);
  const begun = analysis.begin();
  if (begun.searchUrl) {
    parentPort.once('message', (search) => {
      parentPort.postMessage({ kind: 'done', value: analysis.finish(search) });
    });
    parentPort.postMessage({ kind: 'search', url: begun.searchUrl });
  } else {
    parentPort.postMessage({ kind: 'done', value: analysis.finish(null) });
  }
}
