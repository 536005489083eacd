import { Hono } from 'hono';
import { Layout } from '../web/layout.js';
import { pageContext, type PageContext } from '../web/page-context.js';
import { renderHtml } from '../web/render.js';
import type { AppEnv } from '../http/env.js';

/** The parts of an OpenAPI 3.1 document this page reads. */
interface OpenApiDocument {
  info: { title: string; description?: string };
  servers?: Array<{ url: string }>;
  paths?: Record<string, Record<string, Operation | undefined> | undefined>;
  components?: { schemas?: Record<string, SchemaObject> };
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: SchemaObject }>;
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  responses?: Record<string, { description?: string }>;
}
interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Whether an operation names its security and none of its options is anonymous (`{}`). */
const needsCredentials = (op: Operation) => !!op.security?.length && !op.security.some((requirement) => Object.keys(requirement).length === 0);

/** A readable API reference rendered on the server from the same OpenAPI document the API serves. */
export function apiReferencePages(document: () => object, secureCookies: boolean) {
  let cached: OpenApiDocument | undefined;
  return new Hono<AppEnv>().get('/:lang/api', (c) => {
    cached ??= document() as OpenApiDocument;
    return renderHtml(c, <ApiReference page={pageContext(c, c.get('lang'), secureCookies)} doc={cached} />);
  });
}

function ApiReference({ page, doc }: { page: PageContext; doc: OpenApiDocument }) {
  const { t } = page;
  const base = doc.servers?.[0]?.url ?? '';
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item?.[method] ? [{ path: base + path, method, op: item[method]! }] : [])),
  );
  return (
    <Layout page={page} title={t('api.title')}>
      <h1>{t('api.title')}</h1>
      <p class="lead">{t('api.lead')}</p>
      <p>
        {t('api.document')} <a href={`${base}/openapi.json`}>{`${base}/openapi.json`}</a>
      </p>
      <p>{t('api.auth')}</p>
      <h2>{t('api.operations')}</h2>
      {operations.map(({ path, method, op }) => (
        <section class="api-op" aria-labelledby={`op-${method}-${path}`}>
          <h3 id={`op-${method}-${path}`}>
            <code class="method">{method}</code>
            <code>{path}</code>
          </h3>
          {op.summary && <p>{op.summary}</p>}
          {op.description && <p class="count">{op.description}</p>}
          {needsCredentials(op) ? <p class="count">{t('api.needsToken')}</p> : null}
          {op.parameters?.length ? (
            <table>
              <caption class="visually-hidden">{t('api.parameters')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('api.parameters')}</th>
                  <th scope="col">{t('api.in')}</th>
                  <th scope="col">{t('api.type')}</th>
                </tr>
              </thead>
              <tbody>
                {op.parameters.map((param) => (
                  <tr>
                    <td>
                      <code>{param.name}</code>
                      {param.required ? ' *' : ''}
                      {param.description && <div class="count">{param.description}</div>}
                    </td>
                    <td>{param.in}</td>
                    <td>{describeSchema(param.schema)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {op.requestBody?.content && (
            <p>
              {t('api.body')} <code>{Object.values(op.requestBody.content).map((media) => describeSchema(media.schema))[0]}</code>
            </p>
          )}
          <ul>
            {Object.entries(op.responses ?? {}).map(([status, response]) => (
              <li>
                <code>{status}</code> {response.description}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2>{t('api.schemas')}</h2>
      {Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => (
        <section class="api-op" id={`schema-${name}`}>
          <h3>{name}</h3>
          <table>
            <tbody>
              {Object.entries(schema.properties ?? {}).map(([property, value]) => (
                <tr>
                  <td>
                    <code>{property}</code>
                    {schema.required?.includes(property) ? ' *' : ''}
                  </td>
                  <td>{describeSchema(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>
  );
}

function describeSchema(schema: SchemaObject | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return schema.$ref.split('/').at(-1) ?? schema.$ref;
  if (schema.enum) return schema.enum.map(String).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map(describeSchema).join(' | ');
  if (schema.type === 'array') return `${describeSchema(schema.items)}[]`;
  if (schema.properties) return `{ ${Object.keys(schema.properties).join(', ')} }`;
  return Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
}
