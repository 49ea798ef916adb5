// Starts a Stoplight Prism mock of an Appwrite spec for `cargo xtask contract`.
//
//   node serve.js SPEC COPY PORT [--dynamic] [--merge SPEC]... [--skip "METHOD /path"]...
//
// `--merge` adds the operations (and schemas) of another spec that SPEC
// lacks: the generated crate also carries the client-platform methods.
//
// Writes a Prism-friendly copy of SPEC to COPY (see `prismFriendly` for what
// and why), then serves it on 127.0.0.1:PORT with request validation,
// security checks and `--errors` semantics (an invalid request or a response
// that breaks its schema is an error, never silently served). Prints
// `listening <url>` once the port is bound; exits non-zero if it cannot be.
//
// Prism is started through its JavaScript API rather than `prism mock`: the
// CLI cannot serve parameters named `queries[]`, which the copy needs so
// that Appwrite's `name[]=value` array parameters are validated.

'use strict';

const fs = require('fs');
const path = require('path');
const { getHttpOperationsFromSpec } = require('@stoplight/prism-http');
const { createServer } = require('@stoplight/prism-http-server');
const { createLogger } = require('@stoplight/prism-core');

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function merge(spec, extra) {
  for (const [route, item] of Object.entries(extra.paths || {})) {
    const target = (spec.paths[route] = spec.paths[route] || {});
    for (const method of HTTP_METHODS) {
      if (item[method] && !target[method]) target[method] = item[method];
    }
  }
  for (const [kind, entries] of Object.entries((extra.components || {}))) {
    const target = ((spec.components = spec.components || {})[kind] = spec.components[kind] || {});
    for (const [name, value] of Object.entries(entries)) {
      if (!(name in target)) target[name] = value;
    }
  }
}

function prismFriendly(spec, skip) {
  // 1. Prism ignores the base path of `servers` (`/v1`): move it into the paths.
  const base = spec.servers && spec.servers[0] ? new URL(spec.servers[0].url, 'http://localhost').pathname.replace(/\/$/, '') : '';
  const paths = {};
  for (const [route, item] of Object.entries(spec.paths || {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      if (skip.has(`${method.toUpperCase()} ${route}`)) {
        delete item[method];
        continue;
      }
      splitSecurity(op);
      requireBodies(op, spec);
      bracketArrayQueries(op);
      declareGraphqlBody(op, route, method);
      allowEmptyBody(op, method);
    }
    if (HTTP_METHODS.some(m => item[m])) paths[base + route] = item;
  }
  spec.paths = paths;
  delete spec.servers;
  // 6. Appwrite writes "a value of model X" as `type: object` with
  //    `items: {$ref: X}` (the generator reads it so); Prism ignores `items`
  //    on an object and would serve `{}`. Say it the standard way.
  objectItemsToRef(spec.components || {});
  // 3. The spec's own examples break its schemas in dozens of places; Prism
  //    would serve them (or, with errors on, fail). Generate from schemas.
  dropExamples(spec, false);
  return spec;
}

// 2. Appwrite lists every header an operation accepts in one requirement
//    (`{Project, Key, Session, JWT}`), which OpenAPI reads as "all of them".
//    What Appwrite means is the project plus any one credential.
function splitSecurity(op) {
  if (!Array.isArray(op.security)) return;
  const alternatives = [];
  for (const requirement of op.security) {
    const schemes = Object.keys(requirement);
    const project = schemes.includes('Project');
    const others = schemes.filter(s => s !== 'Project' && s !== 'Locale' && s !== 'ForwardedUserAgent');
    if (others.length === 0) {
      alternatives.push(project ? { Project: [] } : requirement);
      continue;
    }
    for (const other of others) {
      alternatives.push(project ? { Project: [], [other]: [] } : { [other]: [] });
    }
  }
  op.security = alternatives;
}

// 4. No request body is marked required, so a POST without its body would
//    pass; a body with required fields is itself required.
function requireBodies(op, spec) {
  const body = op.requestBody;
  if (!body || !body.content) return;
  for (const media of Object.values(body.content)) {
    let schema = media.schema || {};
    if (schema.$ref) schema = resolve(spec, schema.$ref) || {};
    if (Array.isArray(schema.required) && schema.required.length > 0) body.required = true;
  }
}

// Appwrite's SDKs (and this crate) send `{}` on a POST, PUT or PATCH without
// parameters, and Appwrite accepts it; the spec declares no body there, which
// Prism answers with 415. Declare exactly that: an empty JSON object.
function allowEmptyBody(op, method) {
  if (op.requestBody || !['post', 'put', 'patch'].includes(method)) return;
  op.requestBody = { content: { 'application/json': { schema: { type: 'object', maxProperties: 0 } } } };
}

// 7. Appwrite's GraphQL endpoints declare no body, yet the server runs the
//    GraphQL request in the body's `query` field when `x-sdk-graphql: true`
//    is sent (appwrite/appwrite app/controllers/api/graphql.php, 1.8.1),
//    which is what Appwrite's SDKs and this crate send. Declare that body.
function declareGraphqlBody(op, route, method) {
  const typed = op['x-appwrite'] && op['x-appwrite'].type;
  const graphql = typed ? typed === 'graphql' : method === 'post' && (route === '/graphql' || route === '/graphql/mutation');
  if (!graphql || op.requestBody) return;
  const request = {
    type: 'object',
    required: ['query'],
    properties: {
      query: { type: 'string', minLength: 1 },
      variables: { type: 'object' },
      operationName: { type: 'string' },
    },
  };
  op.requestBody = {
    required: true,
    content: {
      'application/json': { schema: { type: 'object', required: ['query'], properties: { query: request } } },
    },
  };
}

// 5. Array query parameters travel as `name[]=a&name[]=b` (PHP style, what
//    Appwrite parses); name them that way so Prism finds and validates them.
function bracketArrayQueries(op) {
  for (const param of op.parameters || []) {
    if (param.in === 'query' && param.schema && param.schema.type === 'array' && !param.name.endsWith('[]')) {
      param.name += '[]';
      param.style = 'form';
      param.explode = true;
    }
  }
}

function objectItemsToRef(node) {
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (value && typeof value === 'object' && value.type === 'object' && value.items && value.items.$ref && !value.properties) {
      const { description } = value;
      node[key] = description === undefined ? { $ref: value.items.$ref } : { description, allOf: [{ $ref: value.items.$ref }] };
      if (value.nullable) node[key].nullable = true;
    } else {
      objectItemsToRef(value);
    }
  }
}

function resolve(spec, ref) {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => (node === undefined ? undefined : node[key]), spec);
}

// Removes `example`/`examples`/`x-example` keywords, but not properties or
// parameters that happen to be named that way (keys of a `properties` map).
function dropExamples(node, isNameMap) {
  if (Array.isArray(node)) {
    node.forEach(item => dropExamples(item, false));
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (!isNameMap) {
    delete node.example;
    delete node.examples;
    delete node['x-example'];
  }
  for (const [key, value] of Object.entries(node)) {
    dropExamples(value, !isNameMap && (key === 'properties' || key === 'schemas' || key === 'responses' || key === 'securitySchemes'));
  }
}

async function main() {
  const args = process.argv.slice(2);
  const [specPath, copyPath, portText] = args;
  if (!specPath || !copyPath || !portText) {
    console.error('usage: node serve.js SPEC COPY PORT [--dynamic] [--skip "METHOD /path"]...');
    process.exit(2);
  }
  const dynamic = args.includes('--dynamic');
  const skip = new Set();
  const base = JSON.parse(fs.readFileSync(specPath, 'utf8'));
  args.forEach((arg, i) => {
    if (arg === '--skip' && args[i + 1]) skip.add(args[i + 1]);
    if (arg === '--merge' && args[i + 1]) merge(base, JSON.parse(fs.readFileSync(args[i + 1], 'utf8')));
  });
  const spec = prismFriendly(base, skip);
  fs.mkdirSync(path.dirname(copyPath), { recursive: true });
  fs.writeFileSync(copyPath, JSON.stringify(spec, null, 2));

  const operations = await getHttpOperationsFromSpec(copyPath);
  const logger = createLogger('PRISM', { level: process.env.PRISM_LOG_LEVEL || 'error' });
  const server = createServer(operations, {
    cors: false,
    config: {
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: true,
      upstreamProxy: undefined,
      isProxy: false,
      // A fixed seed makes dynamic responses, and so the run, reproducible.
      mock: { dynamic, ignoreExamples: true, seed: dynamic ? 'appwrite-rust-contract' : undefined },
    },
    components: { logger },
  });
  const address = await server.listen(Number(portText), '127.0.0.1');
  console.log(`listening ${address} (${operations.length} operations, ${dynamic ? 'dynamic' : 'static'} responses)`);
}

main().catch(error => {
  console.error(`prism: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
