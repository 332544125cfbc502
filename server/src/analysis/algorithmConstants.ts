// Attributes that hold a fixed property of an algorithm (CFG001): a cipher's block size, a
// digest's size. They are what the algorithm is, not a default a caller could choose.
import type { ClassInfo } from "./model";
import { nameWords } from "./sensitive";

/** Sizes an algorithm fixes: block, digest, IV, nonce, tag and word sizes (`_bs`, `block_size`, `iv_len`). */
const FIXED_SIZE = /^(?:bs|(?:block|digest|iv|nonce|tag|word)_?(?:size|len|length|bytes|bits))$/;
/** Classes that implement a cipher, a hash or a MAC, by their name. */
const CRYPTO_CLASS = /cipher|crypt|aes|blowfish|chacha|hash|hmac|digest|sha\d|md5|cbc|gcm/i;
/** Methods that say a class encrypts or digests. */
const CRYPTO_METHODS = new Set(["encrypt", "decrypt", "digest", "hexdigest", "pad", "unpad", "_pad", "_unpad"]);

/** Is `attribute` (without leading underscores) a size fixed by the algorithm the class implements? */
export function isAlgorithmConstant(cls: ClassInfo, bare: string): boolean {
  if (!FIXED_SIZE.test(nameWords(bare).join("_"))) return false;
  return CRYPTO_CLASS.test(cls.name) || cls.methods.some((m) => CRYPTO_METHODS.has(m.name));
}
