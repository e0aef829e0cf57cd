'use strict';
// Strict mode, as Azurite has: every response the SDK receives is checked against the operation it
// answers. Its status must be one the operation declares, and its body must fit the SDK's own model
// for that status (the mappers generated from the same OpenAPI description), with polymorphic
// discriminators resolved: a property outside the model, a value of the wrong type, or an unknown
// discriminator value is a violation, and the SDK call that received it fails.
const knownGaps = require('./known-gaps');

/** Resolves a Composite mapper given only by className to the full model mapper. */
function fullModel(mapper, models) {
  const t = mapper.type;
  if (t.modelProperties) return mapper;
  const found = models[t.className];
  if (!found) throw new Error(`The SDK has no model '${t.className}'.`);
  return found;
}

/**
 * The derived model a discriminator value picks, searched as core-client's deserializer searches:
 * the root's own entries first, then breadth-first through its derived models' entries
 * (ProtectionContainer -> AzureWorkloadContainer -> VMAppContainer).
 */
function polymorphic(mapper, value, models, path, violations) {
  const uberParent = mapper.type.uberParent || mapper.type.className;
  const root = models[uberParent] || mapper;
  const discriminator = mapper.type.polymorphicDiscriminator || root.type.polymorphicDiscriminator;
  if (!discriminator) return mapper;
  const discriminatorValue = value[discriminator.serializedName];
  if (typeof discriminatorValue !== 'string') return mapper;
  const queue = [uberParent];
  while (queue.length) {
    const name = queue.shift();
    const key = discriminatorValue === name ? name : `${name}.${discriminatorValue}`;
    if (Object.prototype.hasOwnProperty.call(models.discriminators, key)) return fullModel(models.discriminators[key], models);
    for (const [k, m] of Object.entries(models.discriminators)) {
      if (k.startsWith(`${name}.`) && m.type.uberParent === name && m.type.className) queue.push(m.type.className);
    }
  }
  if (mapper.serializedName === discriminatorValue) return mapper;
  violations.push(`${path}.${discriminator.serializedName}: '${discriminatorValue}' is no ${uberParent} the SDK knows`);
  return mapper;
}

/** The model's properties as a tree of serialized names (flattened names like "properties.x" nest). */
function propertyTree(model) {
  const tree = {};
  for (const property of Object.values(model.type.modelProperties || {})) {
    if (!property.serializedName) continue;
    const parts = property.serializedName.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, '.'));
    let node = tree;
    for (const part of parts.slice(0, -1)) node = node[part] = node[part] && !node[part].type ? node[part] : { __nested: true, ...(node[part] || {}) };
    node[parts[parts.length - 1]] = property;
  }
  return tree;
}

function checkObject(value, tree, model, path, violations, models) {
  for (const [key, child] of Object.entries(value)) {
    const expected = tree[key];
    if (expected === undefined) {
      if (model.type.additionalProperties) continue;
      const className = model.type.className;
      if (knownGaps.allowance(className, key)) continue;
      violations.push(`${path}.${key}: not a property of ${className}`);
    } else if (expected.__nested) {
      if (child !== null && (typeof child !== 'object' || Array.isArray(child))) violations.push(`${path}.${key}: expected an object`);
      else if (child) checkObject(child, expected, model, `${path}.${key}`, violations, models);
    } else {
      check(child, expected, `${path}.${key}`, violations, models);
    }
  }
}

/** Appends to violations every way value departs from mapper. */
function check(value, mapper, path, violations, models) {
  if (value === null || value === undefined) return;
  const t = mapper.type;
  const expect = (ok, what) => { if (!ok) violations.push(`${path}: expected ${what}, got ${JSON.stringify(value)}`); return ok; };
  switch (t.name) {
    case 'Composite': {
      if (!expect(typeof value === 'object' && !Array.isArray(value), `an object (${t.className})`)) return;
      const model = polymorphic(fullModel(mapper, models), value, models, path, violations);
      checkObject(value, propertyTree(model), model, path, violations, models);
      return;
    }
    case 'Sequence':
      if (expect(Array.isArray(value), 'an array')) value.forEach((v, i) => check(v, t.element, `${path}[${i}]`, violations, models));
      return;
    case 'Dictionary':
      if (expect(typeof value === 'object' && !Array.isArray(value), 'an object')) {
        for (const [k, v] of Object.entries(value)) check(v, t.value, `${path}.${k}`, violations, models);
      }
      return;
    case 'String': case 'Uuid': case 'TimeSpan': case 'ByteArray': case 'Base64Url':
      expect(typeof value === 'string', 'a string');
      return;
    case 'Enum':
      if (expect(typeof value === 'string', 'a string') && t.allowedValues && !t.allowedValues.includes(value)) {
        violations.push(`${path}: '${value}' is not one of ${t.allowedValues.join(', ')}`);
      }
      return;
    case 'Number': expect(typeof value === 'number', 'a number'); return;
    case 'Boolean': expect(typeof value === 'boolean', 'a boolean'); return;
    case 'Date': case 'DateTime': case 'DateTimeRfc1123':
      expect(typeof value === 'string' && !Number.isNaN(Date.parse(value)), 'a date and time');
      return;
    case 'UnixTime': expect(typeof value === 'number', 'a Unix time'); return;
    case 'Object': case 'any': return;
    default:
      violations.push(`${path}: the SDK's type '${t.name}' is not checked by this suite`);
  }
}

/**
 * The SDK's pollers send a poll with the operation's spec and the poll URL as its path. A status
 * monitor (Azure-AsyncOperation) answers with an operation status, not the resource: check that
 * against the spec's OperationStatus; a Location poll answers as the operation does.
 */
function pollSpec(spec) {
  if (!/^https?:/i.test(spec.path) || !/\/(operationsStatus|backupOperations)\//i.test(new URL(spec.path).pathname)) return spec;
  const models = spec.serializer.modelMappers;
  return { ...spec, responses: { 200: { bodyMapper: models.OperationStatus }, default: spec.responses.default } };
}

/** The violations of one response against the operation spec it answers. */
function violationsOf(operationSpec, raw) {
  const spec = pollSpec(operationSpec);
  const violations = [];
  const where = `${spec.httpMethod} ${spec.path}`;
  const declared = Object.keys(spec.responses).filter((s) => s !== 'default');
  const response = spec.responses[raw.status];
  // An error (4xx/5xx) answers through the default response; a success must be declared.
  if (!response && raw.status < 400) violations.push(`${where}: status ${raw.status} is not declared (${declared.join(', ')})`);
  const bodyMapper = (response || (raw.status >= 400 ? spec.responses.default : undefined))?.bodyMapper;
  const text = raw.bodyAsText;
  if (text && text.length > 0) {
    let body;
    try { body = JSON.parse(text); } catch { violations.push(`${where}: status ${raw.status} body is not JSON`); return violations; }
    if (!bodyMapper) violations.push(`${where}: status ${raw.status} declares no body, got ${text.slice(0, 200)}`);
    else check(body, bodyMapper, '$', violations, spec.serializer.modelMappers);
  }
  return violations;
}

class ConformanceError extends Error {
  constructor(spec, raw, violations) {
    super(`The emulator's answer to ${raw.request.method} ${new URL(raw.request.url).pathname} (status ${raw.status}) departs from the SDK's models:\n  ${violations.join('\n  ')}`);
    this.name = 'ConformanceError';
    this.violations = violations;
  }
}

/**
 * Makes every operation of the client strict: each response is checked as it arrives, and the call
 * fails with a ConformanceError if it departs. Every response is also recorded in client.responses.
 */
function makeStrict(client) {
  const send = client.sendOperationRequest.bind(client);
  client.responses = [];
  client.sendOperationRequest = async (args, spec) => {
    const found = [];
    const options = args.options || {};
    const onResponse = options.onResponse;
    const wrapped = {
      ...args,
      options: {
        ...options,
        onResponse: (raw, flat, error) => {
          client.responses.push({ method: raw.request.method, url: raw.request.url, status: raw.status, headers: raw.headers, spec });
          const violations = violationsOf(spec, raw);
          if (violations.length) found.push(new ConformanceError(spec, raw, violations));
          if (onResponse) onResponse(raw, flat, error);
        },
      },
    };
    try {
      const result = await send(wrapped, spec);
      if (found.length) throw found[0];
      return result;
    } catch (error) {
      throw found.length ? found[0] : error;
    }
  };
  return client;
}

module.exports = { makeStrict, violationsOf, check, ConformanceError };
