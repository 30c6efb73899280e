// Composition root for `npm start`: configuration, then the whole application (database, pseudonym
// secret, classifier, the demo corpus on first run, web server and scheduled jobs; src/jobs/application.ts).
import { loadConfig } from './config.js';
import { startApplication } from './jobs/application.js';
import { issueSetupToken } from './review/first-admin.js';

const log = (msg: string) => process.stderr.write(`${msg}\n`);

async function main(): Promise<void> {
  // Listen for Ctrl+C / SIGTERM from the very start: a signal during the (slow) start-up must still
  // end in a clean shutdown, not the default kill.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const config = loadConfig();
  const app = await startApplication({ config, scheduler: true, demo: true, log });
  process.stdout.write(`Kiểm Chứng is running at ${app.url}\n(database ${config.dbPath}; Ctrl+C to stop)\n`);
  // First run: no administrator yet. A fresh one-time link each start (only the latest works).
  const setup = await issueSetupToken(app.store, new Date());
  if (setup) {
    process.stdout.write(
      `\nChưa có quản trị viên. Mở đường dẫn dùng một lần này trên trình duyệt để tạo tài khoản quản trị đầu tiên:\n` +
        `  ${new URL(`setup/${setup}`, app.url).href}\n` +
        `(hoặc: echo 'mật khẩu dài' | npm run --silent cli -- users add --username TEN --role admin --password-stdin). Đường dẫn hết hiệu lực khi đã có quản trị viên.\n` +
        `No administrator yet: open the link above once to create the first one.\n\n`,
    );
  }
  await stopped;
  await app.stop();
  process.exit(0);
}

main().catch((err: unknown) => {
  log(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
