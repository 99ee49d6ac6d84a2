// Offline check of Kubernetes manifests (no cluster, no network):
//   node tools/k8s-manifests/check.mjs --crd <flinkdeployments.flink.apache.org-v1.yml> [--strict-crd] FILE.yaml...
// Every YAML document must be a known object: core/apps/... kinds are validated with the Kubernetes OpenAPI
// schemas of the npm package kubernetes-models; FlinkDeployment (flink.apache.org/v1beta1) with the CRD's
// openAPIV3Schema (from the flink-kubernetes-operator-api jar), where, like `kubectl apply --validate=strict`,
// fields the schema does not declare are errors. Prints one line per document; exit 1 if any is invalid.
//
// flinkVersion: the newest operator API on Maven Central (1.10.0) enumerates v1_13..v1_20. Operator 1.11 added
// v2_0 (Flink 2.x; its release notes: "update the operator CRD to be able to deploy Flink 2.0"), so the check
// adds exactly FLINK2_VERSIONS to that enum; --strict-crd checks against the 1.10.0 CRD unchanged.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import Ajv from 'ajv';

const FLINK2_VERSIONS = ['v2_0'];

const args = process.argv.slice(2);
let crdFile = null;
let strictCrd = false;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--crd') crdFile = args[++i];
  else if (args[i] === '--strict-crd') strictCrd = true;
  else files.push(args[i]);
}
if (!crdFile || files.length === 0) {
  console.error('usage: check.mjs --crd <flinkdeployments CRD yml> [--strict-crd] FILE.yaml...');
  process.exit(2);
}

/** Like the API server's strict field validation: objects with declared properties reject undeclared ones. */
function closeObjects(schema) {
  if (Array.isArray(schema)) { schema.forEach(closeObjects); return; }
  if (!schema || typeof schema !== 'object') return;
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    schema.additionalProperties = false;
  }
  for (const v of Object.values(schema)) closeObjects(v);
}

const crd = parseAllDocuments(readFileSync(crdFile, 'utf8'))[0].toJS();
const served = crd.spec.versions.find((v) => v.name === 'v1beta1');
if (!served) throw new Error(`${crdFile}: no v1beta1 version`);
const schema = structuredClone(served.schema.openAPIV3Schema);
const versionEnum = schema.properties.spec.properties.flinkVersion.enum;
if (!strictCrd) versionEnum.push(...FLINK2_VERSIONS.filter((v) => !versionEnum.includes(v)));
closeObjects(schema);
// the API server adds these to every CRD's schema; the name is a DNS-1123 label of at most 45 characters
// (Flink's limit for kubernetes.cluster-id, which the operator takes from it)
schema.properties.apiVersion = { type: 'string', enum: ['flink.apache.org/v1beta1'] };
schema.properties.kind = { type: 'string', enum: ['FlinkDeployment'] };
schema.properties.metadata = {
  type: 'object', required: ['name'],
  properties: { name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 45 } },
};
schema.required = [...new Set([...(schema.required ?? []), 'apiVersion', 'kind', 'metadata', 'spec'])];
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validateFlinkDeployment = ajv.compile(schema);

let bad = 0;
for (const file of files) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  for (const [i, doc] of docs.entries()) {
    const where = `${file}#${i + 1}`;
    if (doc.errors.length) { console.log(`INVALID ${where}: YAML: ${doc.errors[0].message}`); bad++; continue; }
    const obj = doc.toJS();
    if (obj === null) continue; // empty document (trailing ---)
    const what = `${obj.apiVersion}/${obj.kind} ${obj.metadata?.name ?? '(no name)'}`;
    let errors = null;
    if (obj.apiVersion === 'flink.apache.org/v1beta1' && obj.kind === 'FlinkDeployment') {
      if (!validateFlinkDeployment(obj)) {
        errors = validateFlinkDeployment.errors.map((e) => `${e.instancePath || '/'} ${e.message}` +
          (e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : '') +
          (e.params?.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : ''));
      }
    } else {
      let model;
      try {
        model = (await import(`kubernetes-models/${obj.apiVersion}`))[obj.kind];
      } catch (e) {
        model = undefined;
      }
      if (!model) {
        errors = [`unknown apiVersion/kind (not in kubernetes-models)`];
      } else {
        try { new model(obj).validate(); } catch (e) { errors = [e.message]; }
      }
    }
    if (errors) { console.log(`INVALID ${where} ${what}: ${errors.join('; ')}`); bad++; }
    else console.log(`ok ${where} ${what}`);
  }
}
process.exit(bad ? 1 : 0);
