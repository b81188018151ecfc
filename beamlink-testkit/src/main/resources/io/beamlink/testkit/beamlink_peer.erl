%% The read-eval loop an OtpPeer (Java) drives over standard input.
%%
%% Request line:  Id Kind Hex            Kind: erl | term | binary | elixir
%%                                       Hex:  the UTF-8 source text, hex encoded
%% Reply line:    Marker Id Status Hex   Status: ok | error
%%
%% Every line is plain ASCII, so no escaping or encoding setting can garble it, and the
%% marker (unique per peer) lets the Java side tell replies from anything else the VM prints.
%% The server process reads stdin and keeps the bindings; one long-lived evaluator process
%% runs the expressions, so self() stays the same from one call to the next and messages
%% sent to it wait in its mailbox. On end of input the VM halts: a test JVM that dies
%% never leaves a BEAM behind.
-module(beamlink_peer).
-export([serve/1]).

serve(Marker) ->
    loop(Marker, start_evaluator(), #{erl => erl_eval:new_bindings(), elixir => []}).

loop(Marker, Evaluator, Bindings) ->
    case io:get_line("") of
        Line when is_list(Line); is_binary(Line) -> % Elixir puts standard_io in binary mode
            [Id, KindText, Hex] = string:split(string:trim(unicode:characters_to_list(Line)), " ", all),
            Kind = list_to_existing_atom(KindText),
            Text = unicode:characters_to_list(binary:decode_hex(list_to_binary(Hex))),
            Language = language(Kind),
            {Reply, NextEvaluator, NextBindings} =
                run(Evaluator, Kind, Text, maps:get(Language, Bindings)),
            {Status, Payload} = Reply,
            io:put_chars([Marker, Id, $\s, atom_to_list(Status), $\s,
                          binary:encode_hex(Payload), $\n]),
            loop(Marker, NextEvaluator, Bindings#{Language := NextBindings});
        _EndOfInputOrError ->
            erlang:halt(0)
    end.

language(elixir) -> elixir;
language(_) -> erl.

%% Runs one request in the evaluator; if the evaluator dies (an exit signal from a linked
%% process, say), reports why and starts a fresh one so the peer stays usable.
run({Pid, Ref} = Evaluator, Kind, Text, Bindings) ->
    Pid ! {eval, self(), Kind, Text, Bindings},
    receive
        {Pid, Reply, NewBindings} ->
            {Reply, Evaluator, NewBindings};
        {'DOWN', Ref, process, Pid, Reason} ->
            Why = io_lib:format("exit:~0tp (the evaluator process died; bindings kept)", [Reason]),
            {{error, unicode:characters_to_binary(Why)}, start_evaluator(), Bindings}
    end.

start_evaluator() ->
    Server = self(),
    spawn_monitor(fun() -> evaluator(Server) end).

evaluator(Server) ->
    receive
        {eval, Server, Kind, Text, Bindings} ->
            {Reply, NewBindings} = evaluate(Kind, Text, Bindings),
            Server ! {self(), Reply, NewBindings},
            evaluator(Server)
    end.

evaluate(elixir, Text, Bindings) ->
    try 'Elixir.Code':eval_string(unicode:characters_to_binary(Text), Bindings) of
        {Value, NewBindings} -> {{ok, 'Elixir.Kernel':inspect(Value)}, NewBindings}
    catch
        Class:Reason:Stack ->
            Banner = 'Elixir.Exception':format_banner(Class, Reason, Stack),
            {{error, unicode:characters_to_binary(Banner)}, Bindings}
    end;
evaluate(Kind, Text, Bindings) ->
    case parse(Text) of
        {ok, Exprs} ->
            try erl_eval:exprs(Exprs, Bindings) of
                {value, Value, NewBindings} -> {encode(Kind, Value), NewBindings}
            catch
                Class:Reason -> {{error, text("~0tp:~0tp", [Class, Reason])}, Bindings}
            end;
        {error, Message} ->
            {{error, text("syntax:~ts", [Message])}, Bindings}
    end.

parse(Text) ->
    case erl_scan:string(Text) of
        {ok, [], _} ->
            {error, "no expression"};
        {ok, Tokens, End} ->
            case erl_parse:parse_exprs(ending_with_dot(Tokens, End)) of
                {ok, Exprs} -> {ok, Exprs};
                {error, {Location, Module, Description}} ->
                    {error, describe(Location, Module, Description)}
            end;
        {error, {Location, Module, Description}, _} ->
            {error, describe(Location, Module, Description)}
    end.

%% The final '.' is optional for the caller.
ending_with_dot(Tokens, End) ->
    case lists:last(Tokens) of
        {dot, _} -> Tokens;
        _ -> Tokens ++ [{dot, End}]
    end.

describe(Location, Module, Description) ->
    lists:flatten(io_lib:format("line ~0p: ~ts", [Location, Module:format_error(Description)])).

encode(erl, Value) -> {ok, text("~0tp", [Value])};
encode(term, Value) -> {ok, term_to_binary(Value)};
encode(binary, Value) when is_binary(Value) -> {ok, Value};
encode(binary, Value) -> {error, text("error:~0tp", [{not_a_binary, Value}])}.

text(Format, Args) ->
    unicode:characters_to_binary(io_lib:format(Format, Args)).
