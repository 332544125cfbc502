// SEC007: TLS certificate verification turned off (verify=False, unverified contexts, CERT_NONE).
import type { Node } from "web-tree-sitter";
import type { CallInfo, ModuleModel } from "../analysis/model";
import { qualifiedCallee, qualifiedNames } from "../analysis/names";
import { dottedName } from "../analysis/syntax";
import type { Rule } from "./types";

/** Calls that make or configure HTTP(S) connections, by the last part of their name. */
const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send", "urlopen", "Session", "Client", "AsyncClient"]);
const HTTP_MODULES = /^(?:requests|httpx|urllib3|aiohttp|keystoneauth1|niquests)(?:\.|$)/;
/** Class-like callees that take a `verify` flag for TLS (`ZVMConnector(verify=False)`, `HTTPClient`). */
const CONNECTION_LIKE = /(?:Session|Client|Connector|Connection|Adapter|Transport|Pool(?:Manager)?)$/;
const UNVERIFIED_CONTEXT = new Set(["ssl._create_unverified_context", "ssl._create_stdlib_context"]);

function isFalse(node: Node | undefined): boolean {
  return node?.type === "false";
}

function isTlsCall(model: ModuleModel, call: CallInfo): boolean {
  const callee = call.callee;
  if (!callee) return false;
  const last = callee.slice(callee.lastIndexOf(".") + 1);
  if (qualifiedCallee(model, call, (n) => HTTP_MODULES.test(n)).length) return true;
  return HTTP_METHODS.has(last) || CONNECTION_LIKE.test(last);
}

/** `server_side=True` in the same call or dict literal: CERT_NONE there only means no client certificates are asked for. */
function serverSide(container: Node | null): boolean {
  if (!container) return false;
  for (const child of container.namedChildren) {
    if (!child) continue;
    if (child.type === "keyword_argument" && child.childForFieldName("name")?.text === "server_side" && child.childForFieldName("value")?.type === "true") return true;
    if (child.type === "pair" && /^['"]server_side['"]$/.test(child.childForFieldName("key")?.text ?? "") && child.childForFieldName("value")?.type === "true") return true;
  }
  return false;
}

export const tlsVerifyDisabled: Rule = {
  meta: {
    code: "SEC007",
    name: "tls-verify-disabled",
    category: "security",
    reviewPoint: null,
    severity: "warning",
    fixable: "never",
    summary: "TLS certificate verification is turned off (`verify=False`, an unverified SSL context, `CERT_NONE`).",
    rationale:
      "Without certificate verification anyone on the network path can impersonate the server and read or change the traffic (CWE-295). " +
      "Point `verify` at the CA bundle that signed the server's certificate instead of turning verification off.",
    example: 'requests.get(url, verify=False)\nctx = ssl._create_unverified_context()',
    useInstead: 'requests.get(url, verify="/etc/pki/tls/certs/internal-ca.pem")\nctx = ssl.create_default_context(cafile=CA_FILE)',
    bandit: ["B501", "B323"],
    cwe: 295,
  },
  check({ model, text, report }) {
    const hasVerify = /\bverify(?:_ssl|_certs?)?\s*=\s*False/.test(text) || /ssl_verify\s*=\s*False/.test(text);
    const hasContext = /_create_(?:unverified|stdlib)_context/.test(text);
    if (!hasVerify && !hasContext && !text.includes("CERT_NONE")) return;
    for (const call of hasVerify || hasContext ? model.calls : []) {
      if (hasVerify && call.keywordNodes.length) {
        for (const name of ["verify", "verify_ssl", "ssl_verify", "verify_cert", "verify_certs"]) {
          const value = call.keywords.get(name);
          if (!isFalse(value) || !isTlsCall(model, call)) continue;
          report({
            start: value!.parent!.startIndex,
            end: value!.parent!.endIndex,
            message: `\`${call.callee}(..., ${name}=False)\` turns off TLS certificate verification: anyone on the path can impersonate the server (CWE-295). Pass the CA bundle path instead.`,
          });
        }
      }
      if (hasContext && call.callee && call.callee.includes("_create_")) {
        const q = qualifiedCallee(model, call, (n) => UNVERIFIED_CONTEXT.has(n))[0];
        if (q) {
          report({
            start: call.node.startIndex,
            end: call.node.endIndex,
            message: `\`${call.callee}()\` makes an SSL context that does not verify certificates or host names (CWE-295): use \`ssl.create_default_context()\`.`,
          });
        }
      }
    }
    if (text.includes("CERT_NONE")) {
      for (const id of model.identifiersNamed("CERT_NONE")) {
        const ref = id.parent?.type === "attribute" && id.parent.childForFieldName("attribute")?.id === id.id ? id.parent : id;
        if (!qualifiedNames(model, dottedName(ref)).includes("ssl.CERT_NONE")) continue;
        // Setting it (assignment, argument, dict value), not comparing with it.
        const p = ref.parent;
        let setter: Node | null = null;
        if (p?.type === "keyword_argument" && p.childForFieldName("value")?.id === ref.id) setter = p.parent;
        else if (p?.type === "pair" && p.childForFieldName("value")?.id === ref.id) setter = p.parent;
        else if (p?.type === "assignment" && p.childForFieldName("right")?.id === ref.id) {
          // `self.verify_mode = CERT_NONE` in a class is that class's default, set before it is configured
          const target = p.childForFieldName("left");
          if (target?.type === "attribute" && target.childForFieldName("object")?.text === "self") continue;
          setter = p;
        }
        if (!setter || serverSide(setter)) continue;
        report({
          start: ref.startIndex,
          end: ref.endIndex,
          message: "`ssl.CERT_NONE` turns off certificate verification of the peer: anyone on the path can impersonate it (CWE-295). Use `ssl.CERT_REQUIRED` with a CA file.",
        });
      }
    }
  },
};
