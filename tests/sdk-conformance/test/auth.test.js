'use strict';
// Sign-in through the SDK's own credential flow: @azure/identity's ManagedIdentityCredential against
// the emulator's managed-identity endpoint, the bearer-token policy over https, and the 401
// challenge for a token the emulator did not issue.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, vault } = require('../lib/emulator');
const { ConformanceError } = require('../lib/strict');

let emulator;
before(async () => { emulator = await start(); });
after(async () => { await emulator?.stop(); });

test('the managed-identity credential signs in once and the token is reused', async () => {
  const calls = [];
  const { ManagedIdentityCredential } = require('@azure/identity');
  const inner = emulator.client(); // sets IDENTITY_ENDPOINT and IDENTITY_HEADER
  assert.ok(inner);
  const real = new ManagedIdentityCredential();
  const counting = { getToken: async (scopes, options) => { calls.push(scopes); return real.getToken(scopes, options); } };
  const client = emulator.client({ credential: counting });
  const policy = await client.protectionPolicies.get(vault.vaultName, vault.resourceGroup, 'HourlyLogBackup');
  assert.equal(policy.name, 'HourlyLogBackup');
  await client.protectionPolicies.get(vault.vaultName, vault.resourceGroup, 'DailyVMPolicy');
  assert.equal(calls.length, 1, 'one sign-in for two requests');
  assert.deepEqual([].concat(calls[0]), [`${emulator.url}/.default`]);
});

test('a token the emulator did not issue: 401 with a Bearer challenge, in the CloudError shape', async () => {
  const forged = { getToken: async () => ({ token: 'not-a-token-the-emulator-issued', expiresOnTimestamp: Date.now() + 3600e3 }) };
  const client = emulator.client({ credential: forged });
  let raw;
  await assert.rejects(client.protectionPolicies.get(vault.vaultName, vault.resourceGroup, 'HourlyLogBackup', { onResponse: (r) => { raw = r; } }), (e) => {
    assert.ok(!(e instanceof ConformanceError), e.message);
    assert.equal(e.statusCode, 401);
    return true;
  });
  assert.match(raw.headers.get('www-authenticate') || '', /^Bearer /);
});
