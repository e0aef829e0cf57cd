'use strict';
// The Azure VM workflow through Microsoft's client in strict mode: refresh, the VM as a protectable
// item, enable protection with the VM policy, trigger, job, protected item, recovery points.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, vault } = require('../lib/emulator');
const { follow, accepted } = require('../lib/poll');

const { vaultName, resourceGroup } = vault;
const iaas = "backupManagementType eq 'AzureIaasVM'";
let emulator, client;
const s = {};

async function all(iterable) { const items = []; for await (const x of iterable) items.push(x); return items; }

before(async () => { emulator = await start(); client = emulator.client(); });
after(async () => { await emulator?.stop(); });

test('VM: refresh, then the VM is a protectable item', async () => {
  const r = await accepted((o) => client.protectionContainers.refresh(vaultName, resourceGroup, 'Azure', { filter: iaas, ...o }));
  assert.equal(r.status, 202);
  await follow(client, vault, r.location);
  const items = await all(client.backupProtectableItems.list(vaultName, resourceGroup, { filter: `${iaas} and workloadType eq 'VM'` }));
  s.item = items.find((i) => i.properties.friendlyName === 'ad-primary-dc');
  assert.ok(s.item, `ad-primary-dc among ${items.map((i) => i.properties.friendlyName)}`);
  assert.equal(s.item.properties.protectableItemType, 'Microsoft.Compute/virtualMachines');
});

test('VM: enable protection with DailyVMPolicy', async () => {
  const policy = await client.protectionPolicies.get(vaultName, resourceGroup, 'DailyVMPolicy');
  assert.equal(policy.properties.backupManagementType, 'AzureIaasVM');
  s.itemName = s.item.name;
  s.containerName = `iaasvmcontainer;${s.item.name.split(';').slice(1).join(';')}`;
  const r = await accepted((o) => client.protectedItems.createOrUpdate(vaultName, resourceGroup, 'Azure', s.containerName, s.itemName, {
    properties: { protectedItemType: 'Microsoft.Compute/virtualMachines', sourceResourceId: s.item.properties.virtualMachineId, policyId: policy.id },
  }, o));
  assert.equal(r.status, 202);
  const status = await follow(client, vault, r.asyncOperation);
  assert.equal(status.body.status, 'Succeeded');
  await follow(client, vault, r.location);
  const item = await client.protectedItems.get(vaultName, resourceGroup, 'Azure', s.containerName, s.itemName, { filter: "expand eq 'extendedinfo'" });
  assert.equal(item.properties.protectedItemType, 'Microsoft.Compute/virtualMachines');
  const containers = await all(client.backupProtectionContainers.list(vaultName, resourceGroup, { filter: iaas }));
  assert.ok(containers.some((c) => c.name.toLowerCase() === s.containerName.toLowerCase()));
});

test('VM: trigger a backup, the job completes, a recovery point appears', async () => {
  const r = await accepted((o) => client.backups.trigger(vaultName, resourceGroup, 'Azure', s.containerName, s.itemName, {
    properties: { objectType: 'IaasVMBackupRequest', recoveryPointExpiryTimeInUTC: new Date(Date.now() + 30 * 86400 * 1000) },
  }, o));
  assert.equal(r.status, 202);
  const status = await follow(client, vault, r.asyncOperation);
  assert.equal(status.body.status, 'Succeeded');
  const jobId = status.body.properties.jobId;
  let job;
  for (let i = 0; i < 100; i++) {
    job = await client.jobDetails.get(vaultName, resourceGroup, jobId);
    if (job.properties.status !== 'InProgress') break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.equal(job.properties.jobType, 'AzureIaaSVMJob');
  assert.equal(job.properties.status, 'Completed');
  const jobs = await all(client.backupJobs.list(vaultName, resourceGroup, { filter: iaas }));
  assert.ok(jobs.some((j) => j.name === jobId));
  const points = await all(client.recoveryPoints.list(vaultName, resourceGroup, 'Azure', s.containerName, s.itemName));
  assert.equal(points[0]?.properties.objectType, 'IaasVMRecoveryPoint');
  await client.recoveryPoints.get(vaultName, resourceGroup, 'Azure', s.containerName, s.itemName, points[0].name);
  const items = await all(client.backupProtectedItems.list(vaultName, resourceGroup, { filter: `${iaas} and workloadType eq 'VM'` }));
  assert.equal(items.find((i) => i.name.toLowerCase() === s.itemName.toLowerCase())?.properties.protectionState, 'Protected');
});
