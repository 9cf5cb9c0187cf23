// The private-address policy: every form of an internal address is refused, and --allow-private
// with a list lets only the listed addresses through.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  embeddedIpv4,
  isLocalhostName,
  isPrivateAddress,
  isRefusedAddress,
  parseAllowList,
} from '../../src/net/address-policy.ts';
import { buildNetOptions, UsageError } from '../../src/net/options.ts';

describe('address policy', () => {
  test('private, loopback and tunnelled IPv4 forms are private; public ones are not', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::127.0.0.1', // IPv4-compatible
      '64:ff9b::7f00:1', // NAT64 of 127.0.0.1
      '64:ff9b::808:808', // NAT64 of a public address: still through a translator
      '64:ff9b:1::a00:1', // local-use NAT64
      '2002:7f00:1::1', // 6to4
      '2001:0:4136:e378:8000:63bf:80ff:fffe', // Teredo
    ])
      assert.equal(isPrivateAddress(a), true, a);
    for (const a of ['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'])
      assert.equal(isPrivateAddress(a), false, a);
    assert.equal(embeddedIpv4('64:ff9b::7f00:1'), '127.0.0.1');
    assert.equal(embeddedIpv4('2002:0a00:0001::'), '10.0.0.1');
  });

  test('localhost and every name under it are loopback names', () => {
    assert.ok(isLocalhostName('localhost'));
    assert.ok(isLocalhostName('Admin.LOCALHOST.'));
    assert.ok(!isLocalhostName('localhost.example'));
  });

  test('--allow-private with a range allows that range only', () => {
    const policy = { allowPrivate: parseAllowList(['127.0.0.5/32']) };
    assert.equal(isRefusedAddress(policy, '127.0.0.5'), false);
    assert.equal(isRefusedAddress(policy, '::ffff:127.0.0.5'), false);
    assert.equal(isRefusedAddress(policy, '127.0.0.1'), true);
    assert.equal(isRefusedAddress(policy, '10.0.0.1'), true);
    assert.equal(isRefusedAddress(policy, '64:ff9b::7f00:5'), true);
    assert.equal(isRefusedAddress(policy, '8.8.8.8'), false);
    assert.equal(isRefusedAddress({ allowPrivate: true }, '127.0.0.1'), false);
    assert.equal(isRefusedAddress({ allowPrivate: false }, '127.0.0.1'), true);
  });

  test('--allow-private values: bare means all, a list is parsed, a bad value is a usage error', () => {
    assert.equal(buildNetOptions({ allowPrivate: true }).allowPrivate, true);
    assert.equal(buildNetOptions({}).allowPrivate, false);
    assert.deepEqual(buildNetOptions({ allowPrivate: ['127.0.0.5/32', '10.0.0.1,fd00::/8'] }).allowPrivate, [
      '127.0.0.5/32',
      '10.0.0.1/32',
      'fd00::/8',
    ]);
    assert.throws(() => buildNetOptions({ allowPrivate: ['not-an-address'] }), UsageError);
    assert.throws(() => buildNetOptions({ allowPrivate: ['10.0.0.0/40'] }), UsageError);
  });
});
