import type { Command } from 'commander';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

export function registerAlertsCommands(program: Command): void {
  const alerts = program.command('alerts').description('alerts to subscribers (the server sends them by itself)');
  withDataOption(
    alerts.command('send').description('raise the alerts not raised yet and deliver what is due (without a running server, e.g. from cron)'),
  ).action(async (options: DataOptions) => {
    const { raised, handled, attempted } = await withContext(options, async (context) => {
      const dispatched = await context.alerts.dispatcher.dispatchPending();
      return { ...dispatched, attempted: await context.alerts.outbox.drain() };
    });
    process.stdout.write(`alerts raised\t${raised}\nlistener runs\t${handled}\ndeliveries attempted\t${attempted}\n`);
  });
}
