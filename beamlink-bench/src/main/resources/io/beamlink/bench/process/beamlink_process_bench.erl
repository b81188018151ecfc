%% The OTP side of `beamlink bench processes`: the same measurements as the Java harness,
%% timed with erlang:monotonic_time, printed on one line for the harness to parse.
-module(beamlink_process_bench).
-behaviour(gen_server).
-export([serve/0, measure/8]).
-export([init/1, handle_call/3, handle_cast/2]).

%% A registered echo server for the remote calls; the node stays up until the harness stops it.
serve() ->
    {ok, _} = gen_server:start({local, bench_server}, ?MODULE, [], []),
    io:format("OTP ~s ERTS ~s~n", [erlang:system_info(otp_release), erlang:system_info(version)]),
    io:format("beamlink_process_bench ready~n").

init([]) -> {ok, nostate}.
handle_call(Request, _From, State) -> {reply, Request, State}.
handle_cast(_Request, State) -> {noreply, State}.

%% One round; prints "FIGURES k=v ..." then "DONE" and halts. BeamlinkNode is a Beamlink node
%% for the erpc calls from this node to Beamlink (its rpc answers erlang:node/0).
measure(Spawns, Idle, Messages, Backlog, Selective, Calls, RemoteNode, BeamlinkNode) ->
    Figures = [{spawn_per_s, spawn_rate(Spawns)},
               {idle_bytes, idle_bytes(Idle)},
               {send_per_s, send_receive_rate(Messages)},
               {selective_ns, selective_receive_ns(Backlog, Selective)},
               {local_call_ns, local_call_ns(Calls)},
               {remote_call_ns, remote_call_ns(Calls, RemoteNode)},
               {erpc_ns, erpc_ns(Calls, RemoteNode)},
               {erpc_to_beamlink_ns, erpc_ns(Calls, BeamlinkNode)}],
    io:format("FIGURES~s~n", [[io_lib:format(" ~s=~w", [K, V]) || {K, V} <- Figures]]),
    io:format("DONE~n"),
    erlang:halt(0).

now_ns() -> erlang:monotonic_time(nanosecond).

spawn_rate(N) ->
    Before = erlang:system_info(process_count),
    Start = now_ns(),
    spawn_loop(N),
    Elapsed = now_ns() - Start,
    await_process_count(Before, 1000),
    round(N * 1.0e9 / Elapsed).

spawn_loop(0) -> ok;
spawn_loop(N) -> spawn(fun() -> ok end), spawn_loop(N - 1).

%% Waits (at most Tries x 10 ms) for the spawned processes to be gone.
await_process_count(_Count, 0) -> erlang:error(processes_did_not_exit);
await_process_count(Count, Tries) ->
    case erlang:system_info(process_count) =< Count of
        true -> ok;
        false -> timer:sleep(10), await_process_count(Count, Tries - 1)
    end.

idle_bytes(N) ->
    erlang:garbage_collect(),
    Before = erlang:memory(processes),
    Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, N)],
    %% Let every process reach its receive before reading the memory.
    timer:sleep(200),
    After = erlang:memory(processes),
    Count = erlang:system_info(process_count),
    [P ! stop || P <- Pids],
    await_process_count(Count - N, 1000),
    (After - Before) div N.

send_receive_rate(N) ->
    Parent = self(),
    Receiver = spawn(fun() -> receive_n(N), Parent ! done end),
    Start = now_ns(),
    send_n(Receiver, N),
    receive done -> ok after 60000 -> erlang:error(receiver_stuck) end,
    round(N * 1.0e9 / (now_ns() - Start)).

send_n(_To, 0) -> ok;
send_n(To, N) -> To ! {n, N}, send_n(To, N - 1).

receive_n(0) -> ok;
receive_n(N) -> receive {n, _} -> receive_n(N - 1) end.

%% Backlog messages that never match stay in the mailbox; each round sends one that does,
%% and the receive must scan past the backlog to find it.
selective_receive_ns(Backlog, Rounds) ->
    [self() ! {backlog, I} || I <- lists:seq(1, Backlog)],
    Start = now_ns(),
    selective_loop(Rounds),
    Elapsed = now_ns() - Start,
    flush_backlog(Backlog),
    Elapsed div Rounds.

selective_loop(0) -> ok;
selective_loop(N) ->
    self() ! {match, N},
    receive {match, N} -> selective_loop(N - 1) end.

flush_backlog(0) -> ok;
flush_backlog(N) -> receive {backlog, _} -> flush_backlog(N - 1) end.

local_call_ns(Calls) ->
    {ok, Server} = gen_server:start(?MODULE, [], []),
    Ns = timed_calls(Server, Calls),
    gen_server:stop(Server),
    Ns.

remote_call_ns(Calls, Node) -> timed_calls({bench_server, Node}, Calls).

%% A warm-up of Calls / 10 (it also sets up the connection), then Calls timed ones.
timed_calls(Server, Calls) ->
    call_loop(Server, max(1, Calls div 10)),
    Start = now_ns(),
    call_loop(Server, Calls),
    (now_ns() - Start) div Calls.

call_loop(_Server, 0) -> ok;
call_loop(Server, N) -> ping = gen_server:call(Server, ping, 10000), call_loop(Server, N - 1).

%% erpc:call(Node, erlang, node, []): a process spawned on Node for each call, its result back.
erpc_ns(Calls, Node) ->
    erpc_loop(Node, max(1, Calls div 10)),
    Start = now_ns(),
    erpc_loop(Node, Calls),
    (now_ns() - Start) div Calls.

erpc_loop(_Node, 0) -> ok;
erpc_loop(Node, N) -> Node = erpc:call(Node, erlang, node, [], 10000), erpc_loop(Node, N - 1).
