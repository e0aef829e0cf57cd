'use strict';
// The SDK's operation specs and model mappers. The package exports neither; every operation hands
// its spec (and the serializer that holds the mappers) to sendOperationRequest, so calling an
// operation on a client that sends nothing yields them.
const { RecoveryServicesBackupClient } = require('@azure/arm-recoveryservicesbackup');

/** The spec of the operation call(client) invokes, e.g. (c) => c.jobDetails.get('v', 'g', 'j'). */
async function specOf(call) {
  const client = new RecoveryServicesBackupClient({ getToken: async () => null }, 'none', { endpoint: 'https://unused.invalid' });
  let spec;
  client.sendOperationRequest = async (_args, s) => { spec = s; return {}; };
  await call(client);
  return spec;
}

async function sdkModels() {
  return (await specOf((c) => c.protectionPolicies.get('vault', 'group', 'policy'))).serializer.modelMappers;
}

module.exports = { specOf, sdkModels };
