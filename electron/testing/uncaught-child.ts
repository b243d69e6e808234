/**
 * A process that fails the way a bug in main.ts would — an exception nothing catches and a
 * rejection nobody handles — after opening the shell's log in the folder named by argv[2] and
 * catching as main.ts does. electron/log.test.ts runs it and reads the file. argv[3] is a token
 * the errors carry, which must not reach the file.
 */
import { ShellLog } from '../log';

const [dir, token] = process.argv.slice(2);
if (!dir || !token) throw new Error('uncaught-child: <folder> <token>');

const log = new ShellLog();
log.openFile({ dir });
log.catchUncaught();
log.hide(token);
log.info('antes da falha');

void Promise.reject(new Error(`a promessa falhou com token=${token}`));
setTimeout(() => {
  throw new TypeError(`falhou ao ler a resposta (${token})`);
}, 10);
setTimeout(() => log.info('continua depois da falha'), 50);
