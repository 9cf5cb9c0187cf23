// The Docker image builds, and in it payesh starts Chromium with the image's settings. Needs a Docker
// engine; skipped, with the reason, where there is none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../support/cli.ts';

const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
const noEngine =
  info.error || info.status !== 0
    ? `no Docker engine here (${info.error ? (info.error as NodeJS.ErrnoException).code : info.stderr.trim().split('\n')[0]})`
    : false;

const TAG = 'payesh-test:latest';

test(
  'the Docker image builds, prints its version and starts Chromium',
  { skip: noEngine, timeout: 1_800_000 },
  () => {
    const build = spawnSync('docker', ['build', '-t', TAG, '.'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const version = spawnSync('docker', ['run', '--rm', TAG, '--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
    // As an arbitrary user, as the README's run line does, with the documented --shm-size.
    const script = `
    const { chromium } = await import('/opt/payesh/node_modules/playwright-core/index.mjs');
    const { baseChromiumArgs } = await import('/opt/payesh/src/browser/launch-args.ts');
    const b = await chromium.launch({ executablePath: process.env.CHROME_PATH, args: baseChromiumArgs() });
    const p = await b.newPage();
    await p.setContent('<p>پایش</p>');
    console.log(await p.textContent('p'));
    await b.close();`;
    const run = spawnSync(
      'docker',
      [
        'run',
        '--rm',
        '--shm-size=1g',
        '--user',
        '12345:12345',
        '--entrypoint',
        'node',
        TAG,
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /پایش/);
    spawnSync('docker', ['rmi', TAG]);
  },
);
