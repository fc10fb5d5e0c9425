// The dnnc language: one file holds reusable functions and one model.
// Line breaks are white space and ';' between statements is optional: a statement ends where its expression
// can go on no further, so `h = a` and, on the next line, `- b` read as one statement `h = a - b`.
// Labelled alternatives (#name) give the AST builder one visit method each, and labelled elements
// (left=, right=) let it read ctx.left instead of positional children.
grammar Dnn;

@lexer::members {
    /** Line (1-based) and column (0-based) of the outermost '/*' of a comment still open at the end, else -1. */
    protected int unterminatedCommentLine = -1;
    protected int unterminatedCommentColumn = -1;

    /** Consumes the rest of a block comment after its opening, through the matching close or to the end. */
    private void skipRestOfBlockComment() {
        int depth = 1;
        while (depth > 0) {
            int c = _input.LA(1);
            if (c == EOF) {
                unterminatedCommentLine = _tokenStartLine;
                unterminatedCommentColumn = _tokenStartCharPositionInLine;
                return;
            }
            int next = _input.LA(2);
            if (c == '/' && next == '*' || c == '*' && next == '/') {
                depth += c == '/' ? 1 : -1;
                getInterpreter().consume(_input);   // the simulator's consume keeps line and column right
            }
            getInterpreter().consume(_input);
        }
    }
}

program : (functions+=fnDef | models+=modelDef)* EOF ;

// fn block(x, channels) = relu(conv2d(x, channels))      -- expression form
// fn layer(x, n) { h = dense(x, n); return relu(h) }    -- block form with local bindings
fnDef
    : FN name=IDENT '(' (params+=IDENT (',' params+=IDENT)*)? ')'
      ( '=' body=expr ';'?
      | '{' lets+=binding* RETURN body=expr ';'? '}' )
    ;

modelDef : MODEL name=IDENT '{' members+=member* '}' ;

member
    : INPUT name=IDENT ':' type=tensorType ';'?                     # inputDecl
    | TARGET name=IDENT ':' type=tensorType ';'?                    # targetDecl
    | PARAM name=IDENT ':' type=tensorType ('=' init=expr)? ';'?    # paramDecl
    | OUTPUT name=IDENT ('=' value=expr)? ';'?                      # outputDecl
    | LOSS '=' value=expr ';'?                                      # lossDecl
    | kind=(TRAIN | DATA) '{' settings+=setting* '}'                # settingsBlock
    | binding                                                       # letDecl
    ;

binding : name=IDENT '=' value=expr ';'? ;

// Settings keys may be words that are keywords elsewhere: data { train = idx(...) }.
setting : key=(IDENT | TRAIN | DATA) '=' value=expr ';'? ;

tensorType : kind=(FLOAT | LABEL) '[' dims+=NUMBER (',' dims+=NUMBER)* ']' ;

// Earlier alternatives bind tighter: ^ (right-associative), then unary minus, then * / @, then + -.
// As in Python, -x^2 is -(x^2) and 2^-1 is 2^(-1).
expr
    : callee=IDENT '(' (args+=arg (',' args+=arg)*)? ')'    # call
    | '(' inner=expr ')'                                    # parens
    | <assoc=right> left=expr op='^' right=expr             # power
    | op='-' operand=expr                                   # negate
    | left=expr op=('*' | '/' | '@') right=expr             # multiplicative
    | left=expr op=('+' | '-') right=expr                   # additive
    | value=NUMBER                                          # number
    | value=STRING                                          # string
    | value=IDENT                                           # name
    ;

// Argument names may be keywords too, as in csv("iris.csv", target = "label"): before '=' a keyword cannot be
// anything else.
arg : (name=(IDENT | FN | RETURN | MODEL | INPUT | TARGET | PARAM | OUTPUT | LOSS | TRAIN | DATA | FLOAT | LABEL) '=')?
      value=expr ;

FN     : 'fn' ;
RETURN : 'return' ;
MODEL  : 'model' ;
INPUT  : 'input' ;
TARGET : 'target' ;
PARAM  : 'param' ;
OUTPUT : 'output' ;
LOSS   : 'loss' ;
TRAIN  : 'train' ;
DATA   : 'data' ;
FLOAT  : 'float' ;
LABEL  : 'label' ;

IDENT  : [a-zA-Z_] [a-zA-Z_0-9]* ;
NUMBER : DIGITS ('.' DIGITS?)? EXPONENT? | '.' DIGITS EXPONENT? ;
STRING : '"' (~["\\\r\n] | '\\' .)* '"' ;
// A string with no closing quote on its line. The longest match wins, so a closed string is always STRING;
// the front end reports this one as "unterminated string" and hands it on as a STRING to avoid a cascade.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' .)* '\\'? ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
// Block comments nest, so code holding comments can be commented out. The action reads the rest of the comment
// counting '/*' and '*/': a recursive lexer rule cannot do it (with a non-greedy loop it can end at an inner '*/',
// and its lexer state grows with the depth until thousands of '/*' exhaust the heap).
BLOCK_COMMENT : '/*' { skipRestOfBlockComment(); } -> skip ;
WS            : [ \t\r\n\f]+ -> skip ;

// Anything else becomes one token so that the parser, not the lexer, reports it with a position.
UNKNOWN : . ;
