// The dnnc language: one file holds reusable functions and one model.
// Statements end at a newline or ';' -- both are optional because no statement can continue into the next.
// Labelled alternatives (#name) give the AST builder one visit method each, and labelled elements
// (left=, right=) let it read ctx.left instead of positional children.
grammar Dnn;

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

// Earlier alternatives bind tighter: unary minus, then * / @, then + -.
expr
    : callee=IDENT '(' (args+=arg (',' args+=arg)*)? ')'    # call
    | '(' inner=expr ')'                                    # parens
    | op='-' operand=expr                                   # negate
    | left=expr op=('*' | '/' | '@') right=expr             # multiplicative
    | left=expr op=('+' | '-') right=expr                   # additive
    | value=NUMBER                                          # number
    | value=STRING                                          # string
    | value=IDENT                                           # name
    ;

arg : (name=IDENT '=')? value=expr ;

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

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' (BLOCK_COMMENT | .)*? '*/' -> skip ;   // nests, so code with comments can be commented out
WS            : [ \t\r\n\f]+ -> skip ;

// Anything else becomes one token so that the parser, not the lexer, reports it with a position.
UNKNOWN : . ;
