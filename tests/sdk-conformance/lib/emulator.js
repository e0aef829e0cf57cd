'use strict';
// One emulator per test file, on https with the run's certificate (run.sh makes it and points
// NODE_EXTRA_CA_CERTS at it, so node trusts it and nothing else self-signed), and a strict SDK
// client that signs in through the emulator's managed-identity endpoint with @azure/identity.
const { spawn } = require('node:child_process');
const https = require('node:https');
const path = require('node:path');
const { RecoveryServicesBackupClient } = require('@azure/arm-recoveryservicesbackup');
const { RecoveryServicesClient } = require('@azure/arm-recoveryservices');
const { ManagedIdentityCredential } = require('@azure/identity');
const { makeStrict } = require('./strict');
const knownGaps = require('./known-gaps');

const vault = { vaultName: 'SQLServer2012', resourceGroup: 'SQLServerSelfHost' };
const subscriptionId = '00000000-0000-0000-0000-000000000000';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with tests/sdk-conformance/run.sh.`);
  return value;
}

/** Starts the emulator host; resolves with its https address once it listens. */
async function start(extraArgs = []) {
  const host = required('SDK_CONFORMANCE_HOST');
  const child = spawn('dotnet', [host, '--cert', required('SDK_CONFORMANCE_CERT'), '--key', required('SDK_CONFORMANCE_KEY'),
    '--operation-seconds', '0.3', '--job-seconds', '0.5', '--retry-after', '0', ...extraArgs], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`The emulator host exited with ${code} before it listened.`)));
  });
  const emulator = {
    url,
    /** Closing its standard input stops the host (it never outlives the test process). */
    stop: () => {
      if (knownGaps.hits.size) console.log(`known gaps of the emulator seen (lib/known-gaps.js): ${[...knownGaps.hits].join(', ')}`);
      return new Promise((resolve) => { child.once('exit', resolve); child.stdin.end(); });
    },
    setFaults: (rules) => control('PUT', url, '/emulator/faults', rules),
    clearFaults: () => control('DELETE', url, '/emulator/faults'),
    ledger: () => control('GET', url, '/emulator/ledger'),
    client: (options = {}) => {
      // The Azure Automation / App Service managed-identity protocol: IDENTITY_ENDPOINT + IDENTITY_HEADER.
      process.env.IDENTITY_ENDPOINT = `${url}/msi/token`;
      process.env.IDENTITY_HEADER = 'emulator-identity-header';
      const credential = options.credential || new ManagedIdentityCredential();
      const Client = options.vaults ? RecoveryServicesClient : RecoveryServicesBackupClient;
      return makeStrict(new Client(credential, subscriptionId, {
        endpoint: url,
        credentialScopes: [`${url}/.default`],
        retryOptions: { retryDelayInMs: 10, maxRetryDelayInMs: 50, maxRetries: 6 },
        ...options.clientOptions,
      }));
    },
  };
  return emulator;
}

/** The emulator's control endpoints (faults, ledger): outside ARM, no token. */
function control(method, base, route, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(new URL(route, base), { method, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => (res.statusCode >= 400
        ? reject(new Error(`${method} ${route}: ${res.statusCode} ${text}`))
        : resolve(text ? JSON.parse(text) : undefined)));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

module.exports = { start, vault, subscriptionId };
