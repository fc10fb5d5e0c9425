package dnnc.runtime.cli;

/** The text of {@code --help} for the jar and for each command. {@code %1$s} is the model name. */
final class HelpText {
    private HelpText() {
    }

    static final String GENERAL = """
            Usage: java -jar %1$s.jar COMMAND [OPTIONS]

            Trains and runs the compiled model '%1$s'.

            Commands:
              train     train the model and save its weights
              eval      measure loss and accuracy of saved weights on test data
              predict   compute the model's outputs for rows of features
              info      show the model's shapes, parameters, training settings and data
              help      show this text; 'help COMMAND' or 'COMMAND --help' for a command

            Options:
              -h, --help   show this text
              --version    show the model name and runtime version
              --no-simd    use the plain-Java kernels instead of the Vector API ones (also DNNC_NO_SIMD=1)

            Exit codes: 0 success, 1 bad input or data (or training diverged), 2 command-line mistake.
            """;

    static final String TRAIN = """
            Usage: java -jar %1$s.jar train [OPTIONS]

            Trains from the initial parameters and writes the final weights. Defaults come from the model's
            train and data blocks (see 'info'). On a terminal each epoch shows a progress bar (steps, samples/s,
            running loss, ETA); otherwise one line per epoch, with the learning rate.

            Options:
              --epochs N              number of passes over the training data (with --resume: in total)
              --batch N               examples per step (the last batch of an epoch may be smaller)
              --lr X                  learning rate, replacing the optimizer's lr (a schedule starts from it)
              --seed N                seed for initialization, shuffling, augmentation and validation_split;
                                      the same seed gives the same weights
              --clip-norm X           scale the gradients when their global L2 norm exceeds X (0: off)
              --clip-value X          clip every gradient into [-X, X] (0: off)
              --validation-split F    hold out this fraction (0 < F < 1) of the training data for validation
              --early-stopping N      stop after N epochs without improvement and keep the best weights
              --monitor M             what early stopping watches: val_loss, val_accuracy, loss or accuracy
              --no-augment            train without the model's augmentation (augment = images(...))
              --augment-shift N       move each training image by up to N pixels on each axis (0: off);
                                      the input must be an image [C, H, W] and N below H and W
              --augment-flip B        mirror each training image left to right with probability 1/2 (true)
                                      or never (false)
              --save FILE             where to write the weights (default: %1$s.weights)
              --metrics-json FILE     also write per-epoch metrics and the confusion matrix as JSON
              --report FILE           also write an HTML report: plots per epoch, confusion matrix, model summary
              --checkpoint FILE       write a checkpoint (weights, optimizer, schedule, generator, epoch)
              --checkpoint-every N    ... every N epochs (default 1; always after the last)
              --resume FILE           continue from a checkpoint with its settings, up to --epochs in total;
                                      the result is the same, bit for bit, as a run that never stopped
              --train PATH[,PATH]     training data instead of the model's (idx, npy: FEATURES,TARGETS)
              --validation PATH[,PATH] validation data, evaluated after every epoch
              --test PATH[,PATH]      test data, evaluated after every epoch
              --init-weights FILE     start from saved weights instead of the initializers
            """;

    static final String EVAL = """
            Usage: java -jar %1$s.jar eval [--weights FILE] [OPTIONS]

            Prints loss and accuracy (where it applies) of the weights on the test data.

            Options:
              --weights FILE          weights written by train (required unless the jar has weights baked in)
              --test PATH[,PATH]      test data instead of the model's (idx, npy: FEATURES,TARGETS)
              --batch N               examples per forward pass
              --metrics-json FILE     also write {"loss","accuracy","examples"} as JSON
            """;

    static final String PREDICT = """
            Usage: java -jar %1$s.jar predict [--weights FILE] --input FILE [OPTIONS]

            Reads rows of features (CSV with an optional header, IDX or .npy, told apart by their content), read
            like the training data (same scale and standardization; the target column is dropped if present),
            and writes one line per row with every output of the model, in declaration order: CSV, or JSON lines
            ({"class":K,"OUTPUT":[...],...}; "class" for classifiers only).

            Options:
              --weights FILE          weights written by train (required unless the jar has weights baked in)
              --input FILE            the rows to predict (required)
              --output FILE           write here (atomically) instead of to standard output
              --format csv|jsonl      what to write (default csv)
              --batch N               examples per forward pass
            """;

    static final String INFO = """
            Usage: java -jar %1$s.jar info

            Shows the model's name, the dnnc version that made the jar, whether weights are baked in, the
            input, target and outputs, every parameter with its shape and size, the optimizer and training
            settings (with the augmentation of training images), and the data sources.
            """;

    /** {@code --help}: the overview, then every command's options, so that one page documents it all. */
    static final String FULL = GENERAL + "\n" + TRAIN + "\n" + EVAL + "\n" + PREDICT + "\n" + INFO;

    /** The help of {@code command}, or null when there is no such command. */
    static String forCommand(String command) {
        return switch (command) {
            case "train" -> TRAIN;
            case "eval" -> EVAL;
            case "predict" -> PREDICT;
            case "info" -> INFO;
            case "help" -> FULL;
            default -> null;
        };
    }
}
