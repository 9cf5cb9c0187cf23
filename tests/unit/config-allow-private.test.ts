// payesh.config.yaml `allow-private`: true, or a list of addresses and CIDR ranges as on the command
// line; a bad range is an error naming the file, line and key.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Command } from 'commander';
import { applyConfig, loadConfig } from '../../src/cli/config.ts';
import { addNetOptions, netFromOptions } from '../../src/cli/common.ts';
import { isRefusedAddress } from '../../src/net/address-policy.ts';

const dir = mkdtempSync(join(tmpdir(), 'payesh-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function netFrom(yaml: string, argv: string[] = []) {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  const config = loadConfig(file);
  const cmd = addNetOptions(new Command('x').exitOverride());
  cmd.hook('preAction', (c) => applyConfig(c, config));
  let opts: Record<string, unknown> = {};
  cmd.action((o: Record<string, unknown>) => {
    opts = o;
  });
  cmd.parse(argv, { from: 'user' });
  return netFromOptions(opts);
}

describe('payesh.config.yaml allow-private', () => {
  test('a list allows only those ranges; every other private address stays refused', () => {
    const net = netFrom('allow-private:\n  - 127.0.0.5/32\n  - 10.2.0.0/16\n');
    assert.deepEqual(net.allowPrivate, ['127.0.0.5/32', '10.2.0.0/16']);
    assert.equal(isRefusedAddress(net, '127.0.0.5'), false);
    assert.equal(isRefusedAddress(net, '10.2.3.4'), false);
    assert.equal(isRefusedAddress(net, '127.0.0.1'), true);
    assert.equal(isRefusedAddress(net, '169.254.169.254'), true);
  });

  test('one range as a plain string, true and false keep their meaning', () => {
    assert.deepEqual(netFrom('allow-private: 127.0.0.5\n').allowPrivate, ['127.0.0.5/32']);
    assert.equal(netFrom('allow-private: true\n').allowPrivate, true);
    assert.equal(netFrom('allow-private: false\n').allowPrivate, false);
  });

  test('the command line wins over the file', () => {
    const net = netFrom('allow-private: [10.0.0.0/8]\n', ['--allow-private', '127.0.0.9/32']);
    assert.deepEqual(net.allowPrivate, ['127.0.0.9/32']);
  });

  test('a bad range names the file, line and key', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'db: x.db\nallow-private:\n  - 127.0.0.5/33\n');
    assert.throws(
      () => loadConfig(file),
      (e: Error) =>
        e.name === 'UsageError' &&
        /bad\.yaml: line 2 \(allow-private\): --allow-private 127\.0\.0\.5\/33: expected an address or CIDR range/.test(
          e.message,
        ),
    );
    writeFileSync(file, 'allow-private: 3\n');
    assert.throws(() => loadConfig(file), /expected true, false or a list of addresses\/CIDR ranges/);
  });
});
