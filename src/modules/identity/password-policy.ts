import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * Password strength per NIST SP 800-63B §5.1.1.2: besides the length (domain/credentials.ts), a new
 * password is compared with lists of commonly used and breached passwords, dictionary words,
 * keyboard patterns, repetitions and sequences, and with the account's own email and names, by
 * zxcvbn-ts (the common and English packs). Only a score of at least {@link MIN_PASSWORD_SCORE}
 * (of 0–4; 3 = about 10^8 guesses or more) is accepted.
 */

/** Lowest accepted zxcvbn score (0–4). */
export const MIN_PASSWORD_SCORE = 3;

let checker: Promise<ZxcvbnFactory> | undefined;

/**
 * The checker, loaded and built on first use: importing the language packs decompresses their
 * dictionaries (a few hundred ms of CPU), which a server start or a CLI import never needs.
 */
function getChecker(): Promise<ZxcvbnFactory> {
  checker ??= (async () => {
    const [{ default: core }, { default: common }, { default: en }] = await Promise.all([
      import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en'),
    ]);
    return new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  })();
  return checker;
}

/**
 * Why `password` is too easy to guess (a sentence for the user), or null when it is strong
 * enough. `userInputs` are the account's own words (email, its local part, names): a password
 * built from them is refused too. CPU-bound, a few to about 100 ms.
 */
export async function weakPasswordReason(password: string, userInputs: (string | null | undefined)[] = []): Promise<string | null> {
  const inputs = userInputs.flatMap((v) => (v ? [v, ...v.split(/[@.+_\s-]+/).filter((p) => p.length >= 3)] : []));
  const result = (await getChecker()).check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const { warning, suggestions } = result.feedback;
  return warning ?? suggestions[0] ?? 'choose a longer password that is not a common word or pattern';
}
