%% The OTP side of `beamlink bench dist`. The harness drives this node over distribution: it
%% sends {job, From, Ref, Job} to the registered process bench_ctl and gets {Ref, {ok, Result}}
%% or {Ref, {error, Reason}} back.
%% The same protocol is spoken by the Beamlink and JInterface sides (io.beamlink.bench.dist), so
%% every pairing runs the same measurement.
%%
%% Jobs:
%%   new_sink                               -> Pid of a one-shot process that counts or echoes
%%   {throughput, Sink, Payload, Count, Window} -> nanoseconds from the first send to the last ack
%%   {latency, Echo, Payload, Count}        -> <<RoundTripNanos:64, ...>>
%%   {setup, Node, Count}                   -> <<ConnectNanos:64, ...>> (epmd lookup + handshake)
%%   memory                                 -> erlang:memory(total) after collecting every process
%%   connected                              -> length(nodes(connected))
%%   versions                               -> {OtpRelease, ErtsVersion} as binaries
-module(beamlink_bench).
-export([start/0]).

%% The longest wait for any message during a job; a stuck job fails instead of hanging.
-define(WAIT, 60000).
%% With no job for this long the harness is gone: halt.
-define(IDLE, 1800000).
%% Around each connect and disconnect, time for the traffic that follows to pass (not measured).
-define(SETTLE, 50).
-define(DISCONNECT_TRIES, 20).

start() ->
    register(bench_ctl, spawn(fun() -> control(none) end)),
    io:format("beamlink_bench ready~n").

control(Conductor) ->
    receive
        {job, From, Ref, Job} ->
            spawn(fun() -> From ! {Ref, run_caught(Job)} end),
            control(watch(Conductor, node(From)));
        {nodedown, Conductor} ->
            erlang:halt(0)
    after ?IDLE ->
        erlang:halt(0)
    end.

%% Halts with the harness: once it has connected, its connection going down ends this node.
watch(none, Node) ->
    monitor_node(Node, true),
    Node;
watch(Conductor, _) ->
    Conductor.

run_caught(Job) ->
    try
        {ok, run(Job)}
    catch
        Class:Reason -> {error, list_to_binary(io_lib:format("~p:~p", [Class, Reason]))}
    end.

run(new_sink) ->
    spawn(fun sink/0);
run({throughput, Sink, Payload, Count, Window}) ->
    Sink ! {bench_count, self(), Count, Window},
    Start = erlang:monotonic_time(nanosecond),
    send_all(Sink, Payload, Count, Window, 0, 0),
    erlang:monotonic_time(nanosecond) - Start;
run({latency, Echo, Payload, Count}) ->
    Echo ! {bench_echo, self(), Count},
    << <<(round_trip(Echo, Payload)):64>> || _ <- lists:seq(1, Count) >>;
run({setup, Node, Count}) ->
    << <<(connect_once(Node)):64>> || _ <- lists:seq(1, Count) >>;
run(memory) ->
    [erlang:garbage_collect(P) || P <- processes()],
    erlang:memory(total);
run(connected) ->
    length(nodes(connected));
run(versions) ->
    {list_to_binary(erlang:system_info(otp_release)), list_to_binary(erlang:system_info(version))}.

sink() ->
    receive
        {bench_count, From, Count, Window} -> count(From, Count, Window, 0);
        {bench_echo, From, Count} -> echo(From, Count)
    after ?WAIT ->
        exit(no_work)
    end.

%% Acknowledges every Window messages and the last one.
count(_From, Count, _Window, Count) ->
    done;
count(From, Count, Window, Received) ->
    receive
        _ ->
            N = Received + 1,
            case N rem Window =:= 0 orelse N =:= Count of
                true -> From ! {bench_ack, N};
                false -> ok
            end,
            count(From, Count, Window, N)
    after ?WAIT ->
        exit({stalled_at, Received})
    end.

echo(_From, 0) ->
    done;
echo(From, Left) ->
    receive
        Message ->
            From ! Message,
            echo(From, Left - 1)
    after ?WAIT ->
        exit({stalled_with, Left})
    end.

%% At most two windows in flight: the sender waits for an ack when it is that far ahead.
send_all(_Sink, _Payload, Count, _Window, Count, Count) ->
    ok;
send_all(Sink, Payload, Count, Window, Sent, Acked) when Sent =:= Count; Sent - Acked >= 2 * Window ->
    receive
        {bench_ack, N} -> send_all(Sink, Payload, Count, Window, Sent, N)
    after ?WAIT ->
        exit({no_ack_after, Acked})
    end;
send_all(Sink, Payload, Count, Window, Sent, Acked) ->
    Sink ! Payload,
    send_all(Sink, Payload, Count, Window, Sent + 1, Acked).

round_trip(Echo, Payload) ->
    Start = erlang:monotonic_time(nanosecond),
    Echo ! Payload,
    receive
        _ -> erlang:monotonic_time(nanosecond) - Start
    after ?WAIT ->
        exit(no_echo)
    end.

%% The connection is left up for a moment after each connect: OTP sends right after a nodeup,
%% and a peer cut off before that reconnects by itself, which would make the next connect free.
connect_once(Node) ->
    ensure_disconnected(Node, ?DISCONNECT_TRIES),
    Start = erlang:monotonic_time(nanosecond),
    true = net_kernel:connect_node(Node),
    Took = erlang:monotonic_time(nanosecond) - Start,
    timer:sleep(?SETTLE),
    ensure_disconnected(Node, ?DISCONNECT_TRIES),
    Took.

ensure_disconnected(Node, 0) ->
    exit({keeps_reconnecting, Node});
ensure_disconnected(Node, Tries) ->
    case lists:member(Node, nodes(connected)) of
        false ->
            ok;
        true ->
            monitor_node(Node, true),
            erlang:disconnect_node(Node),
            receive
                {nodedown, Node} -> ok
            after ?WAIT ->
                exit({still_connected, Node})
            end,
            timer:sleep(?SETTLE),
            ensure_disconnected(Node, Tries - 1)
    end.
