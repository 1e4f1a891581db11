// A second process for the data-folder lock tests: opens the PGlite folder given as argument,
// says "held <pid>" on stdout, and keeps it until killed or until its stdin closes.
import { openDatabase } from '../../src/storage/database.ts';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: node hold-data-dir.ts <dataDir>');
const db = await openDatabase({ dataDir });
process.stdout.write(`held ${process.pid}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void db.close().then(() => process.exit(0));
});
