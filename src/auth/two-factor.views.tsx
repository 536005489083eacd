import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { CSRF_FIELD } from '../http/csrf.js';
import { encodeQr, qrSvgPath } from './qr-code.js';
import type { Enrolment, TwoFactorStatus } from './two-factor.service.js';

export type CodeError = 'twoFactor.error.code' | 'twoFactor.error.throttled' | 'form.error.csrf';

function ErrorNotice({ page, error, retryAfter }: { page: PageContext; error: CodeError | 'twoFactor.enrol.error' | undefined; retryAfter?: number | undefined }) {
  if (!error) return null;
  return (
    <p class="notice error" role="alert">
      {page.t(error, { minutes: Math.ceil((retryAfter ?? 0) / 60) })}
    </p>
  );
}

/** The second step of a sign-in: a code from the app, or a recovery code. */
export function SecondFactorPage({ page, error, retryAfter }: { page: PageContext; error?: CodeError | undefined; retryAfter?: number | undefined }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('twoFactor.code.title')}>
      <h1>{t('twoFactor.code.title')}</h1>
      <ErrorNotice page={page} error={error} retryAfter={retryAfter} />
      <form method="post" action={`/${lang}/login/code`} class="stack" style="max-width: 26rem">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <p id="second-factor-help">{t('twoFactor.code.lead')}</p>
        <div>
          <label for="second-factor-code">{t('twoFactor.code.label')}</label>
          {/* No numeric keyboard: recovery codes have letters. */}
          <input id="second-factor-code" name="code" autocomplete="one-time-code" autocapitalize="off" spellcheck={false} aria-describedby="second-factor-help" required autofocus />
        </div>
        <button type="submit">{t('twoFactor.code.submit')}</button>
      </form>
      <p>
        <a href={`/${lang}/login`}>{t('twoFactor.code.cancel')}</a>
      </p>
    </Layout>
  );
}

/** Setting up the authenticator app: the key as text and as an otpauth:// link, then a first code. */
export interface EnrolmentProps {
  page: PageContext;
  enrolment: Enrolment;
  action: string;
  /** Why the page is shown: a role that requires it (at sign-in), or the person's own choice. */
  intro: 'twoFactor.enrol.required' | 'account.security.off';
  error?: 'twoFactor.enrol.error' | 'form.error.csrf' | undefined;
}

export function EnrolmentPage({ page, enrolment, action, intro, error }: EnrolmentProps) {
  const { t } = page;
  return (
    <Layout page={page} title={t('twoFactor.enrol.title')}>
      <h1>{t('twoFactor.enrol.title')}</h1>
      <p class="notice">{t(intro)}</p>
      <ErrorNotice page={page} error={error} />
      <ol class="stack" style="max-width: 40rem">
        <li>
          <p>{t('twoFactor.enrol.step1')}</p>
          <QrCode text={enrolment.uri} label={t('twoFactor.enrol.qr')} />
          <p>
            <a href={enrolment.uri}>{t('twoFactor.enrol.link')}</a>
          </p>
          <p>
            {t('twoFactor.enrol.secret')}{' '}
            <code id="totp-secret" style="word-break: break-all; font-size: 1.1em">
              {enrolment.secret.match(/.{1,4}/g)!.join(' ')}
            </code>
          </p>
        </li>
        <li>
          <form method="post" action={action} class="stack" style="max-width: 26rem">
            <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
            <label for="enrol-code">{t('twoFactor.enrol.step2')}</label>
            <input id="enrol-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" required />
            <button type="submit">{t('twoFactor.enrol.submit')}</button>
          </form>
        </li>
      </ol>
    </Layout>
  );
}

/** The otpauth:// URI as a QR code for the app's camera; nothing if it is too long for the encoder (the link and key remain). */
function QrCode({ text, label }: { text: string; label: string }) {
  const modules = encodeQr(text);
  if (!modules) return null;
  const side = modules.length + 8;
  return (
    <svg id="totp-qr" xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${side} ${side}`} width="240" height="240" role="img" aria-label={label} shape-rendering="crispEdges" style="max-width: 100%; height: auto">
      <rect width={side} height={side} fill="#fff" />
      <path d={qrSvgPath(modules)} fill="#000" />
    </svg>
  );
}

/** Recovery codes, shown once, right after they are made. */
export function RecoveryCodesPage({ page, codes, continueTo }: { page: PageContext; codes: readonly string[]; continueTo: string }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('twoFactor.codes.title')}>
      <h1>{t('twoFactor.codes.title')}</h1>
      <p class="notice">{t('twoFactor.codes.lead')}</p>
      <ol id="recovery-codes" style="font-family: monospace; font-size: 1.1em">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <a href={continueTo}>{t('twoFactor.codes.continue')}</a>
      </p>
    </Layout>
  );
}

/** `/{lang}/account/security` once two-factor sign-in is on. */
export function AccountSecurityPage({ page, status }: { page: PageContext; status: TwoFactorStatus }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('account.security.title')}>
      <h1>{t('account.security.title')}</h1>
      <p>{t('account.security.on')}</p>
      <p>{t('account.security.codesLeft', { count: status.recoveryCodesLeft })}</p>
      <form method="post" action={`/${lang}/account/security/recovery-codes`} class="stack" style="max-width: 26rem">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <p id="regenerate-help">{t('account.security.regenerateHelp')}</p>
        <button type="submit" aria-describedby="regenerate-help">
          {t('account.security.regenerate')}
        </button>
      </form>
    </Layout>
  );
}
