'use strict';
// The SDK's model mappers. The package does not export them; every operation spec carries the
// serializer that holds them, so one operation call on a client that sends nothing yields them.
const { RecoveryServicesBackupClient } = require('@azure/arm-recoveryservicesbackup');

async function sdkModels() {
  const client = new RecoveryServicesBackupClient({ getToken: async () => null }, 'none', { endpoint: 'https://unused.invalid' });
  let spec;
  client.sendOperationRequest = async (_args, s) => { spec = s; return {}; };
  await client.protectionPolicies.get('vault', 'group', 'policy');
  return spec.serializer.modelMappers;
}

module.exports = { sdkModels };
