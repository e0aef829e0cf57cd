'use strict';
// Follows a poll URL the emulator handed out (Location or Azure-AsyncOperation) with the SDK
// operation the spec defines for that URL's shape, until the operation is done. The SDK has no
// poller for these operations (only register is a long-running operation in its description).
const { setTimeout: sleep } = require('node:timers/promises');

const seg = '([^/]+)';
const shapes = [
  { re: new RegExp(`/backupFabrics/${seg}/protectionContainers/${seg}/protectedItems/${seg}/operationsStatus/${seg}$`, 'i'),
    call: (c, v, [f, ct, i, id], o) => c.protectedItemOperationStatuses.get(v.vaultName, v.resourceGroup, f, ct, i, id, o), status: true },
  { re: new RegExp(`/backupFabrics/${seg}/protectionContainers/${seg}/protectedItems/${seg}/operationResults/${seg}$`, 'i'),
    call: (c, v, [f, ct, i, id], o) => c.protectedItemOperationResults.get(v.vaultName, v.resourceGroup, f, ct, i, id, o) },
  { re: new RegExp(`/backupFabrics/${seg}/protectionContainers/${seg}/operationResults/${seg}$`, 'i'),
    call: (c, v, [f, ct, id], o) => c.protectionContainerOperationResults.get(v.vaultName, v.resourceGroup, f, ct, id, o) },
  { re: new RegExp(`/backupFabrics/${seg}/operationResults/${seg}$`, 'i'),
    call: (c, v, [f, id], o) => c.protectionContainerRefreshOperationResults.get(v.vaultName, v.resourceGroup, f, id, o) },
  { re: new RegExp(`/backupJobs/${seg}/operationResults/${seg}$`, 'i'),
    call: (c, v, [j, id], o) => c.jobOperationResults.get(v.vaultName, v.resourceGroup, j, id, o) },
  { re: new RegExp(`/backupOperations/${seg}$`, 'i'),
    call: (c, v, [id], o) => c.backupOperationStatuses.get(v.vaultName, v.resourceGroup, id, o), status: true },
  { re: new RegExp(`/backupOperationResults/${seg}$`, 'i'),
    call: (c, v, [id], o) => c.backupOperationResults.get(v.vaultName, v.resourceGroup, id, o) },
];

/** The SDK operation for a poll URL, and the names in it. */
function operationFor(url) {
  const pathname = decodeURIComponent(new URL(url).pathname);
  for (const shape of shapes) {
    const m = shape.re.exec(pathname);
    if (m) return { shape, names: m.slice(1) };
  }
  throw new Error(`No SDK operation polls '${pathname}'.`);
}

/**
 * Polls url through the SDK until done. An Azure-AsyncOperation status ends when its status is no
 * longer InProgress (the last status body is returned); a Location result ends at its first non-202
 * answer (the last body, if any, is returned). Retry-After is honoured.
 */
async function follow(client, vault, url, { limit = 200 } = {}) {
  const { shape, names } = operationFor(url);
  for (let i = 0; i < limit; i++) {
    let raw;
    const result = await shape.call(client, vault, names, { onResponse: (r) => { raw = r; } });
    const retryAfter = Number(raw.headers.get('retry-after') || 0);
    const running = shape.status ? result.status === 'InProgress' : raw.status === 202;
    if (!running) return { status: raw.status, body: result };
    await sleep(Math.max(20, retryAfter * 1000));
  }
  throw new Error(`'${url}' was still running after ${limit} polls.`);
}

/** Calls an SDK operation and returns its raw answer's poll headers too. */
async function accepted(call) {
  let raw;
  const result = await call({ onResponse: (r) => { raw = r; } });
  return {
    result,
    status: raw.status,
    location: raw.headers.get('location'),
    asyncOperation: raw.headers.get('azure-asyncoperation'),
  };
}

module.exports = { follow, accepted, operationFor };
