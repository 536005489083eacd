/**
 * The OAI-PMH 2.0 response schema for xmllint: the shared standards' wrapper, which imports the Open
 * Archives Initiative's unmodified OAI-PMH.xsd with oai_dc, oai-identifier and LIDO 1.1, so that the
 * records inside `<metadata>` and `<description>` are validated strictly, not skipped.
 */
import { standardsPath } from './standards.js';

export const oaiSchema = (): string => standardsPath('oai-pmh', 'oai-pmh-with-payloads.xsd');
