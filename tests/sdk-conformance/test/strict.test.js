'use strict';
// The strict checker itself, on answers made up here: it must flag what the emulator could get
// wrong (a property outside the model, a wrong type, an unknown discriminator value, an undeclared
// status, a body where none is declared) and accept a right one.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { specOf } = require('../lib/models');
const { violationsOf } = require('../lib/strict');

const raw = (status, body) => ({ status, bodyAsText: body === undefined ? '' : JSON.stringify(body) });
const job = (properties) => ({ id: '/x/backupJobs/1', name: '1', type: 'Microsoft.RecoveryServices/vaults/backupJobs', properties });
const jobGet = () => specOf((c) => c.jobDetails.get('v', 'g', '1'));

test('a right answer passes; a nested derived model is resolved by its discriminator', async () => {
  const spec = await jobGet();
  assert.deepEqual(violationsOf(spec, raw(200, job({
    jobType: 'AzureIaaSVMJob', status: 'Completed', startTime: '2026-12-02T00:00:00Z', duration: 'PT1M',
    extendedInfo: { tasksList: [{ taskId: 'Take Snapshot', duration: 'PT1M', status: 'Completed' }] },
  }))), []);
  const container = await specOf((c) => c.protectionContainers.get('v', 'g', 'Azure', 'c'));
  assert.deepEqual(violationsOf(container, raw(200, { name: 'c', properties: { containerType: 'VMAppContainer', sourceResourceId: '/s', workloadType: 'SQLDataBase' } })), []);
});

test('an invented property, at any depth, is flagged with its path and model', async () => {
  const spec = await jobGet();
  assert.deepEqual(violationsOf(spec, raw(200, job({ jobType: 'AzureWorkloadJob', invented: 1 }))),
    ['$.properties.invented: not a property of AzureWorkloadJob']);
  assert.deepEqual(violationsOf(spec, raw(200, job({ jobType: 'AzureStorageJob', extendedInfo: { tasksList: [{ taskId: 't', progress: 5 }] } }))),
    ['$.properties.extendedInfo.tasksList[0].progress: not a property of AzureStorageJobTaskDetails']);
});

test('a wrong type, an unknown discriminator value and an undeclared status are flagged', async () => {
  const spec = await jobGet();
  assert.match(violationsOf(spec, raw(200, job({ jobType: 'AzureWorkloadJob', startTime: 'yesterday' })))[0], /startTime: expected a date/);
  assert.match(violationsOf(spec, raw(200, job({ jobType: 'AzureWorkloadJob', actionsInfo: 'Cancellable' })))[0], /actionsInfo: expected an array/);
  assert.match(violationsOf(spec, raw(200, job({ jobType: 'NoSuchJob' })))[0], /'NoSuchJob' is no Job the SDK knows/);
  assert.match(violationsOf(spec, raw(201, job({ jobType: 'AzureWorkloadJob' })))[0], /status 201 is not declared \(200\)/);
});

test('a body where the operation declares none, and an error outside the CloudError shape, are flagged', async () => {
  const trigger = await specOf((c) => c.backups.trigger('v', 'g', 'Azure', 'c', 'i', { properties: { objectType: 'IaasVMBackupRequest' } }));
  assert.deepEqual(violationsOf(trigger, raw(202)), []);
  assert.match(violationsOf(trigger, raw(202, { status: 'InProgress' }))[0], /declares no body/);
  const spec = await jobGet();
  assert.deepEqual(violationsOf(spec, raw(404, { error: { code: 'NotFound', message: 'm' } })), []);
  assert.match(violationsOf(spec, raw(404, { code: 'NotFound' }))[0], /\$\.code: not a property of CloudError/);
});
