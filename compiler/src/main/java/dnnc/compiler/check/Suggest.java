package dnnc.compiler.check;

import java.util.Collection;

/** "did you mean ...?" for a misspelt name: the closest candidate within a small edit distance. */
public final class Suggest {
    private Suggest() {
    }

    /** A help line naming the closest candidate, or none (an empty array, to pass as notes). */
    public static String[] didYouMean(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(name.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        // One- and two-letter names are a letter away from every other short name: suggest only a change of case.
        int allowed = name.length() <= 2 ? 0 : Math.max(1, name.length() / 3);
        return best != null && bestDistance <= allowed ? new String[] {"help: did you mean `" + best + "`?"} : new String[0];
    }

    static int distance(String a, String b) {
        int[] before = new int[b.length() + 1];
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    cur[j] = Math.min(cur[j], before[j - 2] + 1);   // two neighbours swapped: one edit
                }
            }
            int[] t = before;
            before = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
