'use strict';
// Known gaps of the emulator, in one place (issue 13). Each is being fixed on the C# side; delete
// the entry once the fix is merged, and the suite checks the property or route again.

// Response properties outside the SDK's models that the emulator is known to send: reported as
// diagnostics, not failures. Any other property outside the models fails.
const properties = [
  // SQL jobs: only VM job tasks have a duration in the spec.
  { model: 'AzureWorkloadJobTaskDetails', property: 'duration' },
  // VM protected items: their extended info has policyInconsistent, not policyState.
  { model: 'AzureIaaSVMProtectedItemExtendedInfo', property: 'policyState' },
];

// Routes the emulator does not serve yet: the tests that call them are marked todo with this reason.
const routes = {
  backupOperationStatuses: 'known gap: the emulator has no GET vaults/{vault}/backupOperations/{operationId} route (BackupOperationStatuses_Get)',
  backupOperationResults: 'known gap: the emulator has no GET vaults/{vault}/backupOperationResults/{operationId} route (BackupOperationResults_Get)',
};

function isKnownProperty(model, property) {
  return properties.some((g) => g.model === model && g.property === property);
}

module.exports = { properties, routes, isKnownProperty };
