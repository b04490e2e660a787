// What a network needs besides its tensors to run (today: its hidden activation), kept with the
// network, and written to / read from a saved file's metadata so a loaded network runs as the
// saved one did without being told again.
import { checkActivation, DEFAULT_ACTIVATION, type Activation } from "../ops/activation.js";

/** A network's configuration: its hidden layers' activation (default "sigmoid", the seed's). */
export interface ModelOptions {
  readonly activation?: Activation;
}

/** The options as a network holds them, checked and with the defaults filled in. */
export function resolveModelOptions(op: string, opts: ModelOptions | undefined): { activation: Activation } {
  if (opts !== undefined && (opts === null || typeof opts !== "object"))
    throw new TypeError(`${op}: options must be an object`);
  return { activation: checkActivation(op, opts?.activation ?? DEFAULT_ACTIVATION) };
}

/**
 * A network's configuration as safetensors metadata (string to string), to save beside its
 * parameters.
 * @example
 * ```ts
 * const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10), { activation: "relu" });
 * const meta = modelMetadata(net); // { activation: "relu" }
 * ```
 */
export function modelMetadata(model: { readonly activation: Activation }): Record<string, string> {
  return { activation: checkActivation("modelMetadata", model?.activation) };
}

/**
 * The configuration recorded by `modelMetadata`, read back from a file's metadata and checked.
 * A file without it is refused rather than guessed: running a relu network as sigmoid gives
 * wrong answers without an error.
 * @example
 * ```ts
 * const opts = modelOptions({ activation: "relu" }); // { activation: "relu" }
 * ```
 */
export function modelOptions(metadata: Readonly<Record<string, string>>): { activation: Activation } {
  if (metadata === null || typeof metadata !== "object")
    throw new TypeError("modelOptions: metadata must be an object");
  if (!Object.hasOwn(metadata, "activation")) {
    throw new TypeError(
      "modelOptions: the metadata records no activation (a file not saved with modelMetadata?); pass { activation } yourself",
    );
  }
  return { activation: checkActivation("modelOptions", metadata.activation) };
}
