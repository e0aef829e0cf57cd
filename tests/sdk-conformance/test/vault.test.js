'use strict';
// The vault itself (Connect-BackupVault reads it) through Microsoft's Recovery Services client,
// @azure/arm-recoveryservices 6.0.0, in strict mode; and an unknown vault answers 404 as ARM does.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, vault } = require('../lib/emulator');
const { ConformanceError } = require('../lib/strict');

let emulator, client;
before(async () => { emulator = await start(); client = emulator.client({ vaults: true }); });
after(async () => { await emulator?.stop(); });

test('vaults get: the vault, in the SDK\'s Vault model', async () => {
  const v = await client.vaults.get(vault.resourceGroup, vault.vaultName);
  assert.equal(v.name, vault.vaultName);
  assert.equal(v.type, 'Microsoft.RecoveryServices/vaults');
  assert.ok(v.location);
});

test('an unknown vault: 404 in the CloudError shape from the vault route', async () => {
  await assert.rejects(client.vaults.get(vault.resourceGroup, 'NoSuchVault'), (e) => {
    assert.ok(!(e instanceof ConformanceError), e.message);
    assert.equal(e.statusCode, 404);
    assert.notEqual(e.code, 'NoRegisteredProviderFound', e.message);
    return true;
  });
});
