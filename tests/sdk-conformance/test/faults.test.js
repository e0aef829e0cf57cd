'use strict';
// The emulator's faults, through Microsoft's client in strict mode: transient faults the SDK's own
// retry policies absorb, failed and canceled operations whose error bodies must still fit the
// SDK's CloudError model, poll headers missing, and a broken body that strict mode itself catches.
const { test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { start, vault } = require('../lib/emulator');
const { follow, accepted } = require('../lib/poll');
const { ConformanceError } = require('../lib/strict');

const { vaultName, resourceGroup } = vault;
const workload = "backupManagementType eq 'AzureWorkload'";
let emulator, client;

async function all(iterable) { const items = []; for await (const x of iterable) items.push(x); return items; }
async function faultsInjected() { return (await emulator.ledger()).filter((e) => JSON.stringify(e).includes('Fault')).length; }

before(async () => {
  emulator = await start();
  client = emulator.client();
  const r = await accepted((o) => client.protectionContainers.refresh(vaultName, resourceGroup, 'Azure', { filter: workload, ...o }));
  await follow(client, vault, r.location);
});
afterEach(async () => { await emulator.clearFaults(); });
after(async () => { await emulator?.stop(); });

test('429, 503 and a dropped connection on reads are retried by the SDK; the answers still conform', async () => {
  const before = await faultsInjected();
  await emulator.setFaults([
    { kind: 'Throttle', method: 'GET', pathPattern: '/backupPolicies$', times: 1, retryAfterSeconds: 0 },
    { kind: 'ServerError', status: 503, method: 'GET', pathPattern: '/protectableContainers$', times: 2, retryAfterSeconds: 0 },
    { kind: 'Drop', method: 'GET', pathPattern: '/backupPolicies/HourlyLogBackup$', times: 1 },
    { kind: 'Delay', method: 'GET', pathPattern: '/backupJobs$', times: 1, delayMilliseconds: 300 },
  ]);
  const policies = await all(client.backupPolicies.list(vaultName, resourceGroup));
  assert.ok(policies.some((p) => p.name === 'HourlyLogBackup'));
  const containers = await all(client.protectableContainers.list(vaultName, resourceGroup, 'Azure', { filter: workload }));
  assert.ok(containers.some((c) => c.properties.friendlyName === 'sqlserver-0'));
  const policy = await client.protectionPolicies.get(vaultName, resourceGroup, 'HourlyLogBackup');
  assert.equal(policy.name, 'HourlyLogBackup');
  await all(client.backupJobs.list(vaultName, resourceGroup));
  assert.equal(await faultsInjected() - before, 5, 'every fault struck');
});

test('a register that fails: the SDK poller reports the operation error, in the CloudError shape', async () => {
  const [c] = (await all(client.protectableContainers.list(vaultName, resourceGroup, 'Azure', { filter: workload })))
    .filter((x) => x.properties.friendlyName === 'sqlserver-0');
  await emulator.setFaults([{ kind: 'OperationFails', method: 'PUT', pathPattern: '/protectionContainers/[^/]+$', times: 1, errorCode: 'UserErrorSqlNoSysadminPermissions', errorMessage: 'No sysadmin rights.' }]);
  const poller = await client.protectionContainers.beginRegister(vaultName, resourceGroup, 'Azure', c.name, {
    properties: { containerType: 'VMAppContainer', backupManagementType: 'AzureWorkload', friendlyName: c.properties.friendlyName, sourceResourceId: c.properties.containerId, workloadType: 'SQLDataBase' },
  }, { updateIntervalInMs: 50 });
  await assert.rejects(poller.pollUntilDone(), (e) => {
    assert.ok(!(e instanceof ConformanceError), e.message);
    assert.match(`${e.code} ${e.message}`, /UserErrorSqlNoSysadminPermissions|No sysadmin rights/);
    return true;
  });
});

test('register, then a backup whose 202 has only Location and no Retry-After: followed by Location', async () => {
  const [c] = (await all(client.protectableContainers.list(vaultName, resourceGroup, 'Azure', { filter: workload })))
    .filter((x) => x.properties.friendlyName === 'sqlserver-0');
  await emulator.setFaults([{ kind: 'NoRetryAfter', method: 'PUT', times: null }]);
  const registered = await (await client.protectionContainers.beginRegister(vaultName, resourceGroup, 'Azure', c.name, {
    properties: { containerType: 'VMAppContainer', backupManagementType: 'AzureWorkload', friendlyName: c.properties.friendlyName, sourceResourceId: c.properties.containerId, workloadType: 'SQLDataBase' },
  }, { updateIntervalInMs: 50 })).pollUntilDone();
  const inquiry = await accepted((o) => client.protectionContainers.inquire(vaultName, resourceGroup, 'Azure', registered.name, o));
  await follow(client, vault, inquiry.location);
  const [db] = (await all(client.backupProtectableItems.list(vaultName, resourceGroup, { filter: `${workload} and workloadType eq 'SQLDataBase'` })))
    .filter((i) => i.properties.friendlyName === 'InventoryDB');
  const policy = await client.protectionPolicies.get(vaultName, resourceGroup, 'HourlyLogBackup');
  const enable = await accepted((o) => client.protectedItems.createOrUpdate(vaultName, resourceGroup, 'Azure', registered.name, db.name, {
    properties: { protectedItemType: 'AzureVmWorkloadSQLDatabase', backupManagementType: 'AzureWorkload', workloadType: 'SQLDataBase', policyId: policy.id },
  }, o));
  assert.equal(enable.status, 202);
  assert.equal((await follow(client, vault, enable.asyncOperation)).body.status, 'Succeeded');
  await emulator.setFaults([{ kind: 'LocationOnly', method: 'POST', pathPattern: '/backup$', times: 1 }]);
  const r = await accepted((o) => client.backups.trigger(vaultName, resourceGroup, 'Azure', registered.name, db.name, {
    properties: { objectType: 'AzureWorkloadBackupRequest', backupType: 'CopyOnlyFull' },
  }, o));
  assert.equal(r.status, 202);
  assert.ok(!r.asyncOperation, 'no Azure-AsyncOperation');
  assert.ok(r.location);
  const done = await follow(client, vault, r.location);
  assert.ok([200, 204].includes(done.status));
});

test('a cut-off body is caught: the SDK call fails, never yields a half-read answer', async () => {
  await emulator.setFaults([{ kind: 'MalformedJson', method: 'GET', pathPattern: '/backupPolicies/HourlyLogBackup$', times: 1 }]);
  await assert.rejects(client.protectionPolicies.get(vaultName, resourceGroup, 'HourlyLogBackup'), (e) => {
    assert.match(`${e.name} ${e.code} ${e.message}`, /not JSON|PARSE_ERROR|JSON/i);
    return true;
  });
});

test('an unknown job: 404 in the CloudError shape, the status the SDK declares as its default', async () => {
  await assert.rejects(client.jobDetails.get(vaultName, resourceGroup, '00000000-0000-0000-0000-0000000000ff'), (e) => {
    assert.ok(!(e instanceof ConformanceError), e.message);
    assert.equal(e.statusCode, 404);
    // The job route answered, not ARM's fallback for a path no provider serves.
    assert.notEqual(e.code, 'NoRegisteredProviderFound', e.message);
    return true;
  });
});
