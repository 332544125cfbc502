// The language server's process: a connection over the transport named on the command line
// (`--stdio`, `--node-ipc`, ...), served by PyreviewServer.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { PyreviewServer } from "./lsp/pyreviewServer";
import { installNodeHost } from "./node/host";

installNodeHost();
new PyreviewServer(createConnection(ProposedFeatures.all)).listen();
