'use strict';
// The allowances of lib/known-gaps.js are exact, never a blanket: a "newer than the SDK" property must
// be in the spec's definition (bms.json 2025-08-01) and not in the SDK's model; a known gap must be
// in neither (else the entry is stale or wrong).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { sdkModels } = require('../lib/models');
const gaps = require('../lib/known-gaps');

const specPath = process.env.SDK_CONFORMANCE_SPEC;
const spec = specPath && fs.existsSync(specPath) ? JSON.parse(fs.readFileSync(specPath, 'utf8')).definitions : undefined;
const noSpec = spec ? false : `the spec (bms.json) is not at hand: set SDK_CONFORMANCE_SPEC (run.sh uses tests/BackupCmdlets.Tests/Fixtures/spec/bms.json)`;

/** A definition's properties with its allOf ancestors'. */
function specProperties(name) {
  const d = spec[name];
  assert.ok(d, `bms.json has no definition '${name}'`);
  const own = Object.keys(d.properties || {});
  const inherited = (d.allOf || []).flatMap((a) => [...specProperties(a.$ref.split('/').pop())]);
  return new Set([...own, ...inherited]);
}

async function sdkProperties(name) {
  const models = await sdkModels();
  assert.ok(models[name], `the SDK has no model '${name}'`);
  return new Set(Object.values(models[name].type.modelProperties).map((p) => p.serializedName));
}

test('each property allowed as newer than the SDK is in the spec and not in the SDK', { skip: noSpec }, async () => {
  for (const { model, property, derived } of gaps.newerThanSdk) {
    for (const name of [model, ...derived]) {
      assert.ok(specProperties(name).has(property), `${name}.${property} is not in bms.json`);
      assert.ok(!(await sdkProperties(name)).has(property), `${name}.${property} is in the SDK's model: drop the allowance`);
    }
  }
});

test('each known gap is a property neither the spec nor the SDK has', async () => {
  for (const { model, property } of gaps.properties) {
    assert.ok(!(await sdkProperties(model)).has(property), `${model}.${property} is in the SDK's model: drop the entry`);
    if (spec) assert.ok(!specProperties(model).has(property), `${model}.${property} is in bms.json: move it to newerThanSdk`);
  }
});
