import os from 'node:os';
import { type DeadLetter, deadLetterDesk } from './dead-letters';

const USAGE = `npm run dlq -- <command>   (KAFKA_BROKERS and KAFKA_NAMESPACE as the services have them)

  list [--reason R] [--topic T]     every dead letter: id, reason, source topic, what was done to it
  show <id>                         one letter whole: headers, detail, value
  replay <id>... | --reason R       sends them back to their source topic (fix the cause first); skips
                                    letters already replayed or discarded unless --again
  discard <id>... --why "..."       records that they are not to be replayed, and why

Dead letters are read from every <topic>.dlq; replays and discards are recorded on
stockgraph.dlq-actions.v1, with the operator (DLQ_OPERATOR, or this machine's user).`;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  if (at === -1) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  args.splice(at, 2);
  return value;
}

function status(letter: DeadLetter): string {
  const last = letter.actions[letter.actions.length - 1];
  return last ? `${last.action} ${last.at} by ${last.by}` : 'waiting';
}

/** Picks the letters named by id (every id must exist) or by reason. */
function pick(letters: DeadLetter[], ids: string[], reason: string | undefined): DeadLetter[] {
  if (reason !== undefined) return letters.filter((letter) => letter.reason === reason);
  const unknown = ids.filter((id) => !letters.some((letter) => letter.id === id));
  if (unknown.length > 0)
    throw new Error(`no dead letter ${unknown.join(', ')}: \`npm run dlq -- list\` shows their ids`);
  return letters.filter((letter) => ids.includes(letter.id));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const brokers = process.env.KAFKA_BROKERS;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!brokers)
    throw new Error('KAFKA_BROKERS is not set: the dead letters live on Kafka (e.g. KAFKA_BROKERS=127.0.0.1:19092)');
  const desk = deadLetterDesk(brokers, process.env.KAFKA_NAMESPACE ?? '');
  const by = process.env.DLQ_OPERATOR ?? os.userInfo().username;
  try {
    const args = [...rest];
    const reason = option(args, 'reason');
    switch (command) {
      case 'list': {
        const topic = option(args, 'topic');
        const letters = (await desk.list()).filter(
          (letter) => (!reason || letter.reason === reason) && (!topic || letter.sourceTopic === topic),
        );
        for (const letter of letters)
          process.stdout.write(
            `${letter.id}  ${letter.reason}  ${letter.sourceTopic}  ${status(letter)}\n  ${letter.detail}\n`,
          );
        process.stdout.write(`${letters.length} dead letter(s)\n`);
        return;
      }
      case 'show': {
        const [letter] = pick(await desk.list(), args.slice(0, 1), undefined);
        process.stdout.write(`${JSON.stringify(letter, null, 2)}\n`);
        return;
      }
      case 'replay': {
        const again = args.includes('--again');
        const ids = args.filter((arg) => arg !== '--again');
        if (ids.length === 0 && reason === undefined) throw new Error('replay what? name letter ids, or --reason R');
        const sent = await desk.replay(pick(await desk.list(), ids, reason), by, again);
        for (const action of sent)
          process.stdout.write(`replayed ${action.letter} as ${action.replayEventId ?? 'its original value'}\n`);
        process.stdout.write(`${sent.length} replayed\n`);
        return;
      }
      case 'discard': {
        const why = option(args, 'why');
        if (!why?.trim()) throw new Error('discard needs --why "…": the reason is recorded with the letters');
        if (args.length === 0 && reason === undefined) throw new Error('discard what? name letter ids, or --reason R');
        const recorded = await desk.discard(pick(await desk.list(), args, reason), why.trim().slice(0, 500), by);
        process.stdout.write(`${recorded.length} discarded\n`);
        return;
      }
      default:
        throw new Error(`unknown command "${command}"\n\n${USAGE}`);
    }
  } finally {
    await desk.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`dlq: ${(error as Error).message}\n`);
  process.exit(2);
});
