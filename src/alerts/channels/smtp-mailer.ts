import { createTransport, type Transporter } from 'nodemailer';

/** One e-mail as the e-mail channel writes it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per delivery: a receiver drops a message it already has. */
  messageId: string;
  headers: Record<string, string>;
}

/** A refusal the server said is final (5xx): trying again would not help. */
export class PermanentMailError extends Error {}

export interface Mailer {
  send(message: MailMessage): Promise<string>;
  close(): void;
}

/** Sends over SMTP (`EGIDE_SMTP_URL`, e.g. `smtp://user:password@mail.example.org:587`) with nodemailer. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(url);
  }

  async send(message: MailMessage): Promise<string> {
    try {
      const info = await this.transport.sendMail({ from: this.from, ...message });
      return String(info.response ?? info.messageId);
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500) throw new PermanentMailError(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  close(): void {
    this.transport.close();
  }
}
