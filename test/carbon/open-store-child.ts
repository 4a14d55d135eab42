// A process that opens the ledger store at argv[2] and prints, as one JSON line, the code of the error it gets
// (or "opened"). It never calls process.exit: it ends when nothing is left open, so a connection the store
// forgot to close keeps it alive (test/carbon/store-sign-in.test.ts).
import { openLedgerStore } from '../../src/carbon/open-store-node';

const target = process.argv[2] as string;
try {
  const store = await openLedgerStore(target);
  await store.close();
  console.log(JSON.stringify({ opened: true }));
} catch (e) {
  const issues = (e as { issues?: { code: string; message: { en: string } }[] }).issues;
  console.log(JSON.stringify({ code: issues?.[0]?.code, message: issues?.[0]?.message.en }));
}
