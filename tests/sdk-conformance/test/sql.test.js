'use strict';
// The SQL-in-VM workflow the module drives, every step through Microsoft's client in strict mode:
// refresh, protectable containers, register (the SDK's own poller), inquire, protectable items,
// policies, enable protection, trigger a backup, operation status and results, jobs, protected
// items and recovery points.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, vault } = require('../lib/emulator');
const { follow, accepted } = require('../lib/poll');

const { vaultName, resourceGroup } = vault;
const workload = "backupManagementType eq 'AzureWorkload'";
let emulator, client;
const s = {}; // what earlier steps found, for later ones

async function all(iterable) { const items = []; for await (const x of iterable) items.push(x); return items; }

before(async () => { emulator = await start(['--page-size', '2']); client = emulator.client(); });
after(async () => { await emulator?.stop(); });

test('refresh discovers the VMs: 202, followed to its end through the refresh operation results', async () => {
  const r = await accepted((o) => client.protectionContainers.refresh(vaultName, resourceGroup, 'Azure', { filter: workload, ...o }));
  assert.equal(r.status, 202);
  assert.ok(r.location, 'a Location to poll');
  const done = await follow(client, vault, r.location);
  assert.ok([200, 204].includes(done.status), `refresh ended ${done.status}`);
});

test('protectable containers list sqlserver-0, page by page', async () => {
  const containers = await all(client.protectableContainers.list(vaultName, resourceGroup, 'Azure', { filter: workload }));
  const sql = containers.find((c) => c.properties.friendlyName === 'sqlserver-0');
  assert.ok(sql, `sqlserver-0 among ${containers.map((c) => c.properties.friendlyName)}`);
  assert.equal(sql.properties.protectableContainerType, 'VMAppContainer');
  s.container = sql;
  assert.ok(client.responses.some((x) => /protectableContainers/.test(x.url) && /skipToken|\$skiptoken|nextLink|page/i.test(x.url)) || containers.length <= 2);
});

test('register with the SDK poller ends Registered', async () => {
  const c = s.container;
  const poller = await client.protectionContainers.beginRegister(vaultName, resourceGroup, 'Azure', c.name, {
    properties: {
      containerType: 'VMAppContainer', backupManagementType: 'AzureWorkload', friendlyName: c.properties.friendlyName,
      sourceResourceId: c.properties.containerId, workloadType: 'SQLDataBase',
    },
  }, { updateIntervalInMs: 50 });
  const registered = await poller.pollUntilDone();
  assert.equal(registered.properties.registrationStatus, 'Registered');
  s.containerName = registered.name;
  const got = await client.protectionContainers.get(vaultName, resourceGroup, 'Azure', s.containerName);
  assert.equal(got.properties.containerType, 'VMAppContainer');
  const listed = await all(client.backupProtectionContainers.list(vaultName, resourceGroup, { filter: workload }));
  assert.ok(listed.some((x) => x.name === s.containerName));
});

test('inquire: 202, followed through the container operation results', async () => {
  const r = await accepted((o) => client.protectionContainers.inquire(vaultName, resourceGroup, 'Azure', s.containerName, { filter: "workloadType EQ 'SQLDataBase'", ...o }));
  assert.equal(r.status, 202);
  const done = await follow(client, vault, r.location);
  assert.ok([200, 204].includes(done.status), `inquiry ended ${done.status}`);
});

test('protectable items list the databases; policies list and get', async () => {
  const items = await all(client.backupProtectableItems.list(vaultName, resourceGroup, { filter: `${workload} and workloadType eq 'SQLDataBase'` }));
  const sales = items.find((i) => i.properties.friendlyName === 'SalesDB');
  assert.ok(sales, `SalesDB among ${items.map((i) => i.properties.friendlyName)}`);
  assert.equal(sales.properties.protectableItemType, 'SQLDataBase');
  s.item = sales;
  const policies = await all(client.backupPolicies.list(vaultName, resourceGroup, { filter: workload }));
  assert.ok(policies.some((p) => p.name === 'HourlyLogBackup'));
  s.policy = await client.protectionPolicies.get(vaultName, resourceGroup, 'HourlyLogBackup');
  assert.equal(s.policy.properties.backupManagementType, 'AzureWorkload');
});

test('enable protection: 202, status followed to Succeeded, then the result and the item', async () => {
  s.itemName = s.item.name;
  const r = await accepted((o) => client.protectedItems.createOrUpdate(vaultName, resourceGroup, 'Azure', s.containerName, s.itemName, {
    properties: { protectedItemType: 'AzureVmWorkloadSQLDatabase', backupManagementType: 'AzureWorkload', workloadType: 'SQLDataBase', policyId: s.policy.id },
  }, o));
  assert.equal(r.status, 202);
  assert.ok(r.asyncOperation && r.location);
  const status = await follow(client, vault, r.asyncOperation);
  assert.equal(status.body.status, 'Succeeded');
  const result = await follow(client, vault, r.location);
  assert.equal(result.status, 200);
  const item = await client.protectedItems.get(vaultName, resourceGroup, 'Azure', s.containerName, s.itemName);
  assert.equal(item.properties.protectedItemType, 'AzureVmWorkloadSQLDatabase');
  assert.equal(item.properties.policyId.toLowerCase(), s.policy.id.toLowerCase());
});

test('trigger a full backup: 202, its status names the job, the job completes', async () => {
  const expiry = new Date(Date.now() + 60 * 86400 * 1000);
  const r = await accepted((o) => client.backups.trigger(vaultName, resourceGroup, 'Azure', s.containerName, s.itemName, {
    properties: { objectType: 'AzureWorkloadBackupRequest', backupType: 'Full', recoveryPointExpiryTimeInUTC: expiry },
  }, o));
  assert.equal(r.status, 202);
  s.triggerOperationId = new URL(r.asyncOperation || r.location).pathname.split('/').pop();
  const status = await follow(client, vault, r.asyncOperation);
  assert.equal(status.body.status, 'Succeeded');
  s.jobId = status.body.properties?.jobId;
  assert.ok(s.jobId, 'the operation status names the job');
  const result = await follow(client, vault, r.location);
  assert.ok([200, 204].includes(result.status));
  let job;
  for (let i = 0; i < 100; i++) {
    job = await client.jobDetails.get(vaultName, resourceGroup, s.jobId);
    if (job.properties.status !== 'InProgress') break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.equal(job.properties.jobType, 'AzureWorkloadJob');
  assert.equal(job.properties.status, 'Completed');
});

test('the vault-level operation status of the trigger', async () => {
  const status = await client.backupOperationStatuses.get(vaultName, resourceGroup, s.triggerOperationId);
  assert.equal(status.status, 'Succeeded');
});

test('the vault-level operation result of the trigger', async () => {
  let raw;
  await client.backupOperationResults.get(vaultName, resourceGroup, s.triggerOperationId, { onResponse: (x) => { raw = x; } });
  assert.ok([200, 204].includes(raw.status));
});

test('jobs list (filtered) and protected items list show the backup', async () => {
  const jobs = await all(client.backupJobs.list(vaultName, resourceGroup, { filter: `${workload} and operation eq 'Backup'` }));
  assert.ok(jobs.some((j) => j.name === s.jobId), 'the backup job is listed');
  const items = await all(client.backupProtectedItems.list(vaultName, resourceGroup, { filter: `${workload} and workloadType eq 'SQLDataBase'` }));
  const item = items.find((i) => i.name.toLowerCase() === s.itemName.toLowerCase());
  assert.ok(item);
  assert.equal(item.properties.protectionState, 'Protected');
});

test('recovery points list and get', async () => {
  const points = await all(client.recoveryPoints.list(vaultName, resourceGroup, 'Azure', s.containerName, s.itemName));
  assert.ok(points.length >= 1);
  assert.equal(points[0].properties.objectType, 'AzureWorkloadSQLRecoveryPoint');
  const point = await client.recoveryPoints.get(vaultName, resourceGroup, 'Azure', s.containerName, s.itemName, points[0].name);
  assert.equal(point.name, points[0].name);
});

test('cancel a running job: 202, followed through the job operation results', async () => {
  const r0 = await accepted((o) => client.backups.trigger(vaultName, resourceGroup, 'Azure', s.containerName, s.itemName, {
    properties: { objectType: 'AzureWorkloadBackupRequest', backupType: 'CopyOnlyFull' },
  }, o));
  const status = await follow(client, vault, r0.asyncOperation);
  const jobId = status.body.properties.jobId;
  const r = await accepted((o) => client.jobCancellations.trigger(vaultName, resourceGroup, jobId, o));
  assert.equal(r.status, 202);
  const done = await follow(client, vault, r.location);
  assert.ok([200, 204].includes(done.status), `cancel ended ${done.status}`);
  const job = await client.jobDetails.get(vaultName, resourceGroup, jobId);
  assert.ok(['Cancelled', 'Cancelling', 'Completed'].includes(job.properties.status), job.properties.status);
});
