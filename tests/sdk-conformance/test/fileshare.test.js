'use strict';
// The Azure file share workflow through Microsoft's client in strict mode: refresh, the storage
// account as a protectable container, register (SDK poller), inquire, shares, protect, back up.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, vault } = require('../lib/emulator');
const { follow, accepted } = require('../lib/poll');

const { vaultName, resourceGroup } = vault;
const storage = "backupManagementType eq 'AzureStorage'";
let emulator, client;
const s = {};

async function all(iterable) { const items = []; for await (const x of iterable) items.push(x); return items; }

before(async () => { emulator = await start(); client = emulator.client(); });
after(async () => { await emulator?.stop(); });

test('file share: refresh, register the storage account, inquire its shares', async () => {
  const r = await accepted((o) => client.protectionContainers.refresh(vaultName, resourceGroup, 'Azure', { filter: storage, ...o }));
  await follow(client, vault, r.location);
  const containers = await all(client.protectableContainers.list(vaultName, resourceGroup, 'Azure', { filter: storage }));
  const account = containers.find((c) => c.properties.friendlyName === 'shopkartfiles');
  assert.ok(account, `shopkartfiles among ${containers.map((c) => c.properties.friendlyName)}`);
  assert.equal(account.properties.protectableContainerType, 'StorageContainer');
  const poller = await client.protectionContainers.beginRegister(vaultName, resourceGroup, 'Azure', account.name, {
    properties: {
      containerType: 'StorageContainer', backupManagementType: 'AzureStorage', friendlyName: account.properties.friendlyName,
      sourceResourceId: account.properties.containerId, acquireStorageAccountLock: 'Acquire',
    },
  }, { updateIntervalInMs: 50 });
  const registered = await poller.pollUntilDone();
  assert.equal(registered.properties.registrationStatus, 'Registered');
  s.containerName = registered.name;
  const inquiry = await accepted((o) => client.protectionContainers.inquire(vaultName, resourceGroup, 'Azure', s.containerName, { filter: "workloadType eq 'AzureFileShare'", ...o }));
  assert.equal(inquiry.status, 202);
  await follow(client, vault, inquiry.location);
});

test('file share: protect invoices with DailyFileSharePolicy and back it up', async () => {
  const shares = await all(client.backupProtectableItems.list(vaultName, resourceGroup, { filter: `${storage} and workloadType eq 'AzureFileShare'` }));
  const share = shares.find((x) => x.properties.friendlyName === 'invoices');
  assert.ok(share, `invoices among ${shares.map((x) => x.properties.friendlyName)}`);
  const policy = await client.protectionPolicies.get(vaultName, resourceGroup, 'DailyFileSharePolicy');
  const r = await accepted((o) => client.protectedItems.createOrUpdate(vaultName, resourceGroup, 'Azure', s.containerName, share.name, {
    properties: { protectedItemType: 'AzureFileShareProtectedItem', sourceResourceId: share.properties.parentContainerFabricId, policyId: policy.id },
  }, o));
  const status = await follow(client, vault, r.asyncOperation);
  assert.equal(status.body.status, 'Succeeded');
  await follow(client, vault, r.location);
  const item = await client.protectedItems.get(vaultName, resourceGroup, 'Azure', s.containerName, share.name);
  assert.equal(item.properties.protectedItemType, 'AzureFileShareProtectedItem');
  const t = await accepted((o) => client.backups.trigger(vaultName, resourceGroup, 'Azure', s.containerName, share.name, {
    properties: { objectType: 'AzureFileShareBackupRequest', recoveryPointExpiryTimeInUTC: new Date(Date.now() + 30 * 86400 * 1000) },
  }, o));
  const triggered = await follow(client, vault, t.asyncOperation);
  const jobId = triggered.body.properties.jobId;
  let job;
  for (let i = 0; i < 100; i++) {
    job = await client.jobDetails.get(vaultName, resourceGroup, jobId);
    if (job.properties.status !== 'InProgress') break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.equal(job.properties.jobType, 'AzureStorageJob');
  assert.equal(job.properties.status, 'Completed');
  const points = await all(client.recoveryPoints.list(vaultName, resourceGroup, 'Azure', s.containerName, share.name));
  assert.equal(points[0]?.properties.objectType, 'AzureFileShareRecoveryPoint');
  const items = await all(client.backupProtectedItems.list(vaultName, resourceGroup, { filter: `${storage} and workloadType eq 'AzureFileShare'` }));
  assert.ok(items.some((i) => i.properties.friendlyName === 'invoices'));
});
