<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ArrivalColumns</name>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>UDP + reliability</source>
        <translation>UDP + 可靠传输</translation>
    </message>
    <message>
        <source>Arrivals over %1</source>
        <translation>经 %1 的到达情况</translation>
    </message>
    <message>
        <source>Counters of each path</source>
        <translation>各路径的计数器</translation>
    </message>
    <message>
        <source>Messages sent</source>
        <translation>已发送消息</translation>
    </message>
    <message>
        <source>Datagrams on the wire</source>
        <translation>线路上的数据报</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>Duplicated</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Out of order</source>
        <translation>乱序</translation>
    </message>
    <message>
        <source>Retransmitted</source>
        <translation>重传</translation>
    </message>
    <message>
        <source>Acks received</source>
        <translation>收到的 ACK</translation>
    </message>
    <message>
        <source>Time to deliver (ms)</source>
        <translation>送达耗时（毫秒）</translation>
    </message>
    <message>
        <source>message %1</source>
        <translation>消息 %1</translation>
    </message>
    <message>
        <source>message %1 (duplicate)</source>
        <translation>消息 %1（重复）</translation>
    </message>
    <message>
        <source>message %1 (out of order)</source>
        <translation>消息 %1（乱序）</translation>
    </message>
    <message>
        <source>message %1 missing</source>
        <translation>消息 %1 缺失</translation>
    </message>
    <message>
        <source>in the kernel</source>
        <translation>在内核中</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 (hidden)</source>
        <translation>%1（已隐藏）</translation>
    </message>
</context>
<context>
    <name>Backlog</name>
    <message>
        <source>The backlog goes from 0 to %1 in this lab.</source>
        <translation>本实验中 backlog 的范围是 0 到 %1。</translation>
    </message>
    <message>
        <source>Could not listen on %1 port %2: %3.</source>
        <translation>无法在 %1 端口 %2 上监听：%3。</translation>
    </message>
    <message>
        <source>Start the listener first.</source>
        <translation>请先启动监听。</translation>
    </message>
    <message>
        <source>This lab stops at %1 clients.</source>
        <translation>本实验最多支持 %1 个客户端。</translation>
    </message>
</context>
<context>
    <name>BacklogPage</name>
    <message>
        <source>connecting: SYN sent, no answer yet</source>
        <translation>连接中：已发送 SYN，尚无应答</translation>
    </message>
    <message>
        <source>connected, in the accept queue</source>
        <translation>已连接，在 accept 队列中</translation>
    </message>
    <message>
        <source>accepted by the program</source>
        <translation>已被程序 accept</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>gave up: never answered</source>
        <translation>已放弃：始终没有应答</translation>
    </message>
    <message>
        <source>backlog </source>
        <translation>backlog </translation>
    </message>
    <message>
        <source>Listen (and never accept)</source>
        <translation>监听（从不 accept）</translation>
    </message>
    <message>
        <source>Connect a client</source>
        <translation>连接一个客户端</translation>
    </message>
    <message>
        <source>Connect 5 clients</source>
        <translation>连接 5 个客户端</translation>
    </message>
    <message>
        <source>accept() one</source>
        <translation>accept() 一个</translation>
    </message>
    <message>
        <source>Close all</source>
        <translation>全部关闭</translation>
    </message>
    <message>
        <source>Listener:</source>
        <translation>监听端：</translation>
    </message>
    <message>
        <source>Clients:</source>
        <translation>客户端：</translation>
    </message>
    <message>
        <source>Program:</source>
        <translation>程序：</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>What connect() says</source>
        <translation>connect() 的结果</translation>
    </message>
    <message>
        <source>Handshake took</source>
        <translation>握手耗时</translation>
    </message>
    <message>
        <source>Kernel: client</source>
        <translation>内核：客户端</translation>
    </message>
    <message>
        <source>Kernel: server</source>
        <translation>内核：服务器</translation>
    </message>
    <message>
        <source>The clients and their TCP states</source>
        <translation>客户端及其 TCP 状态</translation>
    </message>
    <message>
        <source>The accept backlog</source>
        <translation>accept 队列（backlog）</translation>
    </message>
    <message>
        <source>accept() found the queue empty (a real server would wait there until a client arrives).</source>
        <translation>accept() 发现队列为空（真实的服务器会在那里等待，直到有客户端到来）。</translation>
    </message>
    <message>
        <source>No listener.</source>
        <translation>没有监听套接字。</translation>
    </message>
    <message>
        <source>Press Listen: the program calls listen() with the backlog and then never calls accept().</source>
        <translation>按“监听”：程序用设定的 backlog 调用 listen()，之后从不调用 accept()。</translation>
    </message>
    <message>
        <source>Accept queue (%1 places): </source>
        <translation>accept 队列（%1 个位置）： </translation>
    </message>
    <message>
        <source> — %1 more in SYN_SENT, their SYNs dropped</source>
        <translation> — 另有 %1 个处于 SYN_SENT，它们的 SYN 被丢弃了</translation>
    </message>
    <message>
        <source>Listening on 127.0.0.1 port %1 with backlog %2; accept() is never called by itself. %3 waiting in the queue.</source>
        <translation>正在 127.0.0.1 的端口 %1 上监听，backlog 为 %2；程序不会自行调用 accept()。队列中有 %3 个在等待。</translation>
    </message>
</context>
<context>
    <name>BacklogSteps</name>
    <message>
        <source>listen() with a backlog, and no accept()</source>
        <translation>带 backlog 的 listen()，但不调用 accept()</translation>
    </message>
    <message>
        <source>&lt;p&gt;A server calls &lt;code&gt;listen(backlog)&lt;/code&gt;, then &lt;code&gt;accept()&lt;/code&gt; in a loop. Here the program listens with a backlog of %1 and then &lt;b&gt;never calls accept()&lt;/b&gt;, as a server busy with something else would.&lt;/p&gt;&lt;p&gt;The kernel answers new connections on its own: it completes the three-way handshake and puts each connection in the listener&apos;s &lt;b&gt;accept queue&lt;/b&gt;, where accept() will find it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;服务器调用 &lt;code&gt;listen(backlog)&lt;/code&gt;，然后在循环中调用 &lt;code&gt;accept()&lt;/code&gt;。这里程序以 %1 的 backlog 监听，然后&lt;b&gt;从不调用 accept()&lt;/b&gt;，就像一个忙于别的事情的服务器。&lt;/p&gt;&lt;p&gt;内核会自行应答新连接：它完成三次握手，把每个连接放入监听套接字的 &lt;b&gt;accept 队列&lt;/b&gt;，等待 accept() 来取。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Clients connect; nobody accepts</source>
        <translation>客户端连接；无人 accept</translation>
    </message>
    <message>
        <source>&lt;p&gt;Three clients call &lt;code&gt;connect()&lt;/code&gt;. Each one &lt;b&gt;succeeds&lt;/b&gt; within a millisecond: both ends are ESTABLISHED in the kernel, although the program has not accepted anyone.&lt;/p&gt;&lt;p&gt;connect() returning tells a client that the other machine&apos;s kernel answered, not that the program there is talking to it. Data the client sends now waits in the kernel too.&lt;/p&gt;</source>
        <translation>&lt;p&gt;三个客户端调用 &lt;code&gt;connect()&lt;/code&gt;。每个都在一毫秒内&lt;b&gt;成功&lt;/b&gt;：两端在内核中都已 ESTABLISHED，尽管程序还没有接受任何连接。&lt;/p&gt;&lt;p&gt;connect() 返回只说明对方机器的内核作了应答，并不说明那边的程序正在与它通信。客户端此时发送的数据同样在内核中等待。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The queue is full: SYNs are dropped</source>
        <translation>队列已满：SYN 被丢弃</translation>
    </message>
    <message>
        <source>&lt;p&gt;Two more clients. Linux holds backlog + 1 connections in the accept queue; once it is full, the listener&apos;s kernel &lt;b&gt;drops&lt;/b&gt; new SYNs without an answer. Those clients stay in &lt;b&gt;SYN_SENT&lt;/b&gt; and resend their SYN after 1 s, 3 s, 7 s…, and time out after about two minutes.&lt;/p&gt;&lt;p&gt;Windows answers a full queue with a reset instead (connection refused); macOS drops like Linux.&lt;/p&gt;</source>
        <translation>&lt;p&gt;再来两个客户端。Linux 的 accept 队列最多容纳 backlog + 1 个连接；队列一满，监听方的内核就会&lt;b&gt;丢弃&lt;/b&gt;新的 SYN，不作任何应答。这些客户端停留在 &lt;b&gt;SYN_SENT&lt;/b&gt;，在 1 秒、3 秒、7 秒…后重发 SYN，大约两分钟后超时。&lt;/p&gt;&lt;p&gt;Windows 对已满的队列回应重置（连接被拒绝）；macOS 则和 Linux 一样直接丢弃。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>accept() makes room</source>
        <translation>accept() 腾出位置</translation>
    </message>
    <message>
        <source>&lt;p&gt;The program calls &lt;code&gt;accept()&lt;/code&gt; once: it takes the oldest connection from the queue. A place is free, and the next SYN a waiting client resends gets in: its &lt;i&gt;Handshake took&lt;/i&gt; shows the retry delay (about a second).&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;accept() one&lt;/b&gt; again to take more.&lt;/p&gt;</source>
        <translation>&lt;p&gt;程序调用一次 &lt;code&gt;accept()&lt;/code&gt;：它从队列中取出最早的连接。腾出了一个位置，等待中的客户端下一次重发的 SYN 就能进入：它的&lt;i&gt;握手耗时&lt;/i&gt;显示出重试造成的延迟（约一秒）。&lt;/p&gt;&lt;p&gt;再按 &lt;b&gt;accept() 一个&lt;/b&gt;可以取出更多连接。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>What it means for a server</source>
        <translation>这对服务器意味着什么</translation>
    </message>
    <message>
        <source>&lt;p&gt;The backlog only absorbs bursts while the program is slow to accept: a server should call accept() promptly, and hand slow work elsewhere.&lt;/p&gt;&lt;p&gt;The kernel caps the backlog (&lt;code&gt;net.core.somaxconn&lt;/code&gt; on Linux). Under a SYN flood, SYN cookies let the kernel answer without keeping state. chatapp&apos;s server accepts at once and applies its own connection limits afterwards.&lt;/p&gt;</source>
        <translation>&lt;p&gt;backlog 只能在程序 accept 较慢时吸收突发的连接：服务器应及时调用 accept()，并把耗时的工作交给别处处理。&lt;/p&gt;&lt;p&gt;内核会限制 backlog 的上限（Linux 上是 &lt;code&gt;net.core.somaxconn&lt;/code&gt;）。遭受 SYN 洪泛攻击时，SYN cookies 让内核无需保存状态即可应答。chatapp 的服务器会立即接受连接，之后再施加自己的连接限制。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>BeaconAnnouncer</name>
    <message>
        <source>goodbye: this server is stopping</source>
        <translation>goodbye：本服务器即将停止</translation>
    </message>
    <message>
        <source>advert: this server, to everyone on the network</source>
        <translation>advert：介绍本服务器，发给网络上的所有人</translation>
    </message>
    <message>
        <source>advert: answer to a find, to that address only</source>
        <translation>advert：应答一个 find，只发给该地址</translation>
    </message>
    <message>
        <source>find not answered: too many finds, or too short</source>
        <translation>find 未应答：find 太多，或数据报太短</translation>
    </message>
</context>
<context>
    <name>BeaconEndpoint</name>
    <message>
        <source>Discovery cannot listen on UDP port {port}: {reason}. Another program may hold it; choose another discovery port in the options.</source>
        <translation>自动发现无法监听 UDP 端口 {port}：{reason}。可能有其他程序占用了它；请在选项中选择另一个发现端口。</translation>
    </message>
    <message>
        <source>not sent: {reason}</source>
        <translation>未发送：{reason}</translation>
    </message>
    <message>
        <source>ignored: {reason}</source>
        <translation>已忽略：{reason}</translation>
    </message>
    <message>
        <source>advert: “{name}”, chat port {port}, {users} in the room</source>
        <translation>通告：“{name}”，聊天端口 {port}，聊天室中 {users} 人</translation>
    </message>
    <message>
        <source>find: servers, please advertise</source>
        <translation>查找：请各服务器发布通告</translation>
    </message>
    <message>
        <source>goodbye from server {id}</source>
        <translation>服务器 {id} 的告别</translation>
    </message>
    <message>
        <source>({count} more datagrams not shown)</source>
        <translation>（另有 {count} 个数据报未显示）</translation>
    </message>
</context>
<context>
    <name>BeaconListener</name>
    <message>
        <source>advert ignored: {count} servers are known already</source>
        <translation>已忽略通告：已知的服务器已达 {count} 个</translation>
    </message>
</context>
<context>
    <name>Burst</name>
    <message>
        <source>Send between 1 and %1 messages.</source>
        <translation>请发送 1 到 %1 条消息。</translation>
    </message>
    <message>
        <source>A message has between 1 and %1 bytes.</source>
        <translation>每条消息为 1 到 %1 字节。</translation>
    </message>
    <message>
        <source>A burst sends at most %1 MiB in all.</source>
        <translation>一批消息总共最多 %1 MiB。</translation>
    </message>
    <message>
        <source>Delays go from 0 to a few seconds.</source>
        <translation>延迟为 0 到几秒。</translation>
    </message>
    <message>
        <source>Could not %1: %2.</source>
        <translation>无法%1：%2。</translation>
    </message>
    <message>
        <source>listen on %1 port %2</source>
        <translation>在 %1 的端口 %2 上监听</translation>
    </message>
    <message>
        <source>Say which address and port to send to.</source>
        <translation>请指定要发送到的地址和端口。</translation>
    </message>
    <message>
        <source>carry out the burst</source>
        <translation>完成这批收发</translation>
    </message>
    <message>
        <source>connect to %1 port %2</source>
        <translation>连接到 %1 的端口 %2</translation>
    </message>
    <message>
        <source>send the burst</source>
        <translation>发送这批消息</translation>
    </message>
    <message>
        <source>receive the burst</source>
        <translation>接收这批消息</translation>
    </message>
    <message>
        <source>No sender connected within half a minute.</source>
        <translation>半分钟内没有发送方连接。</translation>
    </message>
    <message>
        <source>The sender stopped sending before the end of the burst.</source>
        <translation>发送方在这批消息发完之前就停止了发送。</translation>
    </message>
</context>
<context>
    <name>BurstControls</name>
    <message>
        <source> messages</source>
        <translation> 条消息</translation>
    </message>
    <message>
        <source> bytes each</source>
        <translation> 字节/条</translation>
    </message>
    <message>
        <source> ms apart</source>
        <translation> 毫秒间隔</translation>
    </message>
    <message>
        <source>Nagle&apos;s algorithm (TCP_NODELAY off)</source>
        <translation>Nagle 算法（关闭 TCP_NODELAY）</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>… or until the whole burst has arrived</source>
        <translation>… 或直到整批消息全部到达</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Newline</source>
        <translation>换行符</translation>
    </message>
    <message>
        <source>Length prefix, 4 bytes</source>
        <translation>长度前缀，4 字节</translation>
    </message>
    <message>
        <source>Fixed size</source>
        <translation>固定长度</translation>
    </message>
    <message>
        <source>How the receiver finds where a message ends: not at all (each read taken for a message), at a newline, after a 4-byte big-endian length, or every N bytes</source>
        <translation>接收端如何找到消息的结尾：完全不找（每次读取都当作一条消息）、按换行符、按 4 字节大端长度前缀，或每 N 字节一条</translation>
    </message>
    <message>
        <source>Hostile header first</source>
        <translation>先发送恶意头部</translation>
    </message>
    <message>
        <source>The sender starts with ff ff ff ff: a length header announcing 4 GiB</source>
        <translation>发送端以 ff ff ff ff 开头：这是一个声称长度为 4 GiB 的长度头部</translation>
    </message>
    <message>
        <source>Send the burst</source>
        <translation>发送这批消息</translation>
    </message>
    <message>
        <source>Both ends on this machine</source>
        <translation>两端都在本机</translation>
    </message>
    <message>
        <source>Only the receiver here (listen)</source>
        <translation>本机只做接收端（监听）</translation>
    </message>
    <message>
        <source>Only the sender here (connect)</source>
        <translation>本机只做发送端（连接）</translation>
    </message>
    <message>
        <source>The address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 for all</source>
        <translation>要监听的地址：127.0.0.1 仅限本机，0.0.0.0 表示所有网卡</translation>
    </message>
    <message>
        <source>any port</source>
        <translation>任意端口</translation>
    </message>
    <message>
        <source>The receiving machine&apos;s address</source>
        <translation>接收端机器的地址</translation>
    </message>
    <message>
        <source>listen on</source>
        <translation>监听于</translation>
    </message>
    <message>
        <source>send to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <source>Sender:</source>
        <translation>发送端：</translation>
    </message>
    <message>
        <source>Receiver waits:</source>
        <translation>接收端等待：</translation>
    </message>
    <message>
        <source>Framing:</source>
        <translation>分帧：</translation>
    </message>
</context>
<context>
    <name>ChatDelegate</name>
    <message>
        <source>the server refused it</source>
        <translation>服务器拒绝了它</translation>
    </message>
    <message>
        <source>Not delivered: %1</source>
        <translation>未送达：%1</translation>
    </message>
    <message>
        <source>private → %1: </source>
        <translation>私信 → %1：</translation>
    </message>
</context>
<context>
    <name>ChatServer</name>
    <message>
        <source>No user called {nick} is connected.</source>
        <translation>没有名为 {nick} 的用户在线。</translation>
    </message>
    <message>
        <source>refused {address}: {reason}</source>
        <translation>已拒绝 {address}：{reason}</translation>
    </message>
    <message>
        <source>{nick} left ({reason})</source>
        <translation>{nick} 离开了（{reason}）</translation>
    </message>
    <message>
        <source>{nick} is late: {reason}</source>
        <translation>{nick} 响应迟缓：{reason}</translation>
    </message>
    <message>
        <source>{nick} joined from {endpoint}</source>
        <translation>{nick} 从 {endpoint} 加入</translation>
    </message>
    <message>
        <source>{old} is now known as {nick}</source>
        <translation>{old} 改名为 {nick}</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Chat messages</source>
        <translation>聊天消息</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>New messages ↓</source>
        <translation>新消息 ↓</translation>
    </message>
    <message>
        <source>Jump to the newest message</source>
        <translation>跳到最新的消息</translation>
    </message>
    <message>
        <source>Jump to new messages</source>
        <translation>跳到新消息</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Normal size</source>
        <translation>正常大小(&amp;N)</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
</context>
<context>
    <name>ChatWindowBase</name>
    <message>
        <source>&amp;Inspect</source>
        <translation>检视(&amp;I)</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Show or hide the connection state and the event log (Ctrl+I)</source>
        <translation>显示或隐藏连接状态和事件日志（Ctrl+I）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About chatapp</source>
        <translation>关于 chatapp(&amp;A)</translation>
    </message>
    <message>
        <source>Teaching &amp;labs…</source>
        <translation>教学实验(&amp;L)…</translation>
    </message>
    <message>
        <source>Connectivity &amp;doctor…</source>
        <translation>连通性诊断(&amp;D)…</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>检视</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;chatapp %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;A chat for the machines of one network, and a window on how TCP carries it.&lt;/p&gt;&lt;p&gt;Free software under the MIT license.&lt;/p&gt;&lt;p&gt;Documentation: %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;chatapp %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;同一网络内各台电脑之间的聊天，也是观察 TCP 如何传送它的窗口。&lt;/p&gt;&lt;p&gt;自由软件，MIT 许可证。&lt;/p&gt;&lt;p&gt;文档：%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About chatapp</source>
        <translation>关于 chatapp</translation>
    </message>
</context>
<context>
    <name>ClientDiscovery</name>
    <message>
        <source>Looking for servers is off (View &gt; Discovery settings…).</source>
        <translation>查找服务器功能已关闭（视图 &gt; 自动发现设置…）。</translation>
    </message>
    <message>
        <source>There is no network to scan on this machine.</source>
        <translation>本机没有可扫描的网络。</translation>
    </message>
    <message numerus="yes">
        <source>Scanning %n addresses for the chat port…</source>
        <translation>
            <numerusform>正在扫描 %n 个地址上的聊天端口…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scan stopped: %n found.</source>
        <translation>
            <numerusform>扫描已停止：找到 %n 个。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scan finished: %n found.</source>
        <translation>
            <numerusform>扫描完成：找到 %n 个。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <source>Nick</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Connected since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <source>Socket state</source>
        <translation>套接字状态</translation>
    </message>
    <message>
        <source>Kernel TCP</source>
        <translation>内核 TCP</translation>
    </message>
    <message>
        <source>Liveness</source>
        <translation>存活状态</translation>
    </message>
    <message>
        <source>Round trip</source>
        <translation>往返时间</translation>
    </message>
    <message>
        <source>Bytes in / out</source>
        <translation>收 / 发字节</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>存活</translation>
    </message>
    <message>
        <source>late</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>失效</translation>
    </message>
    <message>
        <source>The client answers the heartbeat.</source>
        <translation>客户端正常回应心跳。</translation>
    </message>
    <message>
        <source>Nothing heard for two heartbeat intervals.</source>
        <translation>已有两个心跳间隔没有收到任何数据。</translation>
    </message>
    <message>
        <source>No answer within the heartbeat timeout: dropped.</source>
        <translation>在心跳超时时间内没有回应：已断开。</translation>
    </message>
    <message>
        <source>No heartbeat yet: the client has not said hello.</source>
        <translation>尚无心跳：客户端还没有发送 hello。</translation>
    </message>
    <message>
        <source>(greeting…)</source>
        <translation>（握手中…）</translation>
    </message>
    <message>
        <source>%1 (left)</source>
        <translation>%1（已离开）</translation>
    </message>
</context>
<context>
    <name>ClientWindow</name>
    <message>
        <source>Chat client</source>
        <translation>聊天客户端</translation>
    </message>
    <message>
        <source>People</source>
        <translation>在线用户</translation>
    </message>
    <message>
        <source>this client</source>
        <translation>本客户端</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开(&amp;D)</translation>
    </message>
    <message>
        <source>Type the server&apos;s name or IP address first.</source>
        <translation>请先输入服务器名称或 IP 地址。</translation>
    </message>
    <message>
        <source>Choose another nick: %1.</source>
        <translation>请换一个昵称：%1。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Reconnect &amp;now</source>
        <translation>立即重连(&amp;N)</translation>
    </message>
    <message>
        <source>C&amp;onnect…</source>
        <translation>连接(&amp;O)…</translation>
    </message>
    <message>
        <source>Back to the connect page</source>
        <translation>回到连接页面</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Saying hello…</source>
        <translation>正在握手…</translation>
    </message>
    <message>
        <source>Online as %1</source>
        <translation>已上线：%1</translation>
    </message>
    <message>
        <source>Connection lost; reconnecting…</source>
        <translation>连接已断开，正在重连…</translation>
    </message>
    <message>
        <source>%1 in the room at %2</source>
        <translation>%1 在 %2 的聊天室中</translation>
    </message>
    <message>
        <source>Reconnecting to %2…</source>
        <translation>正在重新连接 %2…</translation>
    </message>
    <message>
        <source>Not connected (last room: %2)</source>
        <translation>未连接（上次的聊天室：%2）</translation>
    </message>
    <message>
        <source>Connecting to %2…</source>
        <translation>正在连接 %2…</translation>
    </message>
    <message numerus="yes">
        <source>Connection lost; reconnecting in %n s</source>
        <translation>
            <numerusform>连接已断开，%n 秒后重连</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnecting… attempt %1, next in %2 s</source>
        <translation>正在重新连接… 第 %1 次尝试，%2 秒后再试</translation>
    </message>
    <message>
        <source>Connected as %1.</source>
        <translation>已连接，昵称为 %1。</translation>
    </message>
    <message>
        <source>The nick %1 is taken in this room, so you are %2. Type /nick NAME to choose another.</source>
        <translation>昵称 %1 在这个聊天室里已被占用，所以你现在是 %2。输入 /nick 新名字 可以换一个。</translation>
    </message>
    <message>
        <source>Earlier messages</source>
        <translation>之前的消息</translation>
    </message>
    <message>
        <source>Disconnected: %1</source>
        <translation>已断开：%1</translation>
    </message>
    <message>
        <source>%1 Help &gt; Connectivity doctor… can tell why.</source>
        <translation>%1 “帮助 &gt; 连通性诊断…”可以告诉你原因。</translation>
    </message>
    <message>
        <source>Disconnected.</source>
        <translation>已断开。</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 加入了聊天室</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 离开了聊天室</translation>
    </message>
    <message>
        <source>%1 is now known as %2</source>
        <translation>%1 改名为 %2</translation>
    </message>
    <message>
        <source>People (%1)</source>
        <translation>在线用户（%1）</translation>
    </message>
    <message>
        <source>Wrong password: the server did not let you in. Check the room&apos;s password and connect again.</source>
        <translation>密码错误：服务器拒绝了你进入。请核对聊天室密码后重新连接。</translation>
    </message>
    <message>
        <source>This room has a password. Type it in the Password field and connect again.</source>
        <translation>这个聊天室设有密码。请在“密码”栏中输入密码后重新连接。</translation>
    </message>
    <message>
        <source>kicked by the operator</source>
        <translation>被管理员移出</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>未说明原因</translation>
    </message>
    <message>
        <source>The server&apos;s operator removed you from the room (%1). You can connect again.</source>
        <translation>服务器管理员已将你移出聊天室（%1）。你可以重新连接。</translation>
    </message>
    <message>
        <source>You are sending faster than the server allows; your messages are delayed.</source>
        <translation>你发送得比服务器允许的更快，消息会被延后发送。</translation>
    </message>
    <message>
        <source>The server says: %1</source>
        <translation>服务器消息：%1</translation>
    </message>
    <message>
        <source>Not connected: connect first, then send.</source>
        <translation>尚未连接：请先连接，再发送。</translation>
    </message>
    <message>
        <source>Not connected: your message goes out when you connect again.</source>
        <translation>尚未连接：重新连接后消息会自动发出。</translation>
    </message>
</context>
<context>
    <name>ConnectPage</name>
    <message>
        <source>Connect to a chat room</source>
        <translation>连接到聊天室</translation>
    </message>
    <message>
        <source>Ask whoever runs the server for its address and port (its window shows them under “Clients connect to”).</source>
        <translation>向运行服务器的人要地址和端口（服务器窗口的“客户端连接到”一栏显示它们）。</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>server name or IP address</source>
        <translation>服务器名称或 IP 地址</translation>
    </message>
    <message>
        <source>Server port</source>
        <translation>服务器端口</translation>
    </message>
    <message>
        <source>Your nick</source>
        <translation>你的昵称</translation>
    </message>
    <message>
        <source>Room password</source>
        <translation>聊天室密码</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Only rooms with a password need it; it is never saved</source>
        <translation>只有设了密码的聊天室才需要；密码从不保存</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Nick:</source>
        <translation>昵称(&amp;N)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop connecting</source>
        <translation>停止连接</translation>
    </message>
    <message>
        <source>Back to the &amp;conversation</source>
        <translation>回到对话(&amp;C)</translation>
    </message>
    <message>
        <source>Read the last conversation again; you stay offline</source>
        <translation>再看看上次的对话；你仍然离线</translation>
    </message>
    <message>
        <source>&amp;Recent servers</source>
        <translation>最近的服务器(&amp;R)</translation>
    </message>
    <message>
        <source>Recent servers</source>
        <translation>最近的服务器</translation>
    </message>
    <message>
        <source>Servers you connect to are listed here.</source>
        <translation>你连接过的服务器会列在这里。</translation>
    </message>
    <message>
        <source>Click to fill in the fields; double-click to connect</source>
        <translation>单击填入各栏；双击直接连接</translation>
    </message>
    <message>
        <source>%1 as %2</source>
        <translation>%1，昵称 %2</translation>
    </message>
</context>
<context>
    <name>DiscoverySettingsDialog</name>
    <message>
        <source>Discovery settings</source>
        <translation>自动发现设置</translation>
    </message>
    <message>
        <source>&amp;Find servers on the network, and announce this one (mDNS and UDP beacon)</source>
        <translation>在网络上查找服务器，并通告本服务器（mDNS 和 UDP 信标）(&amp;F)</translation>
    </message>
    <message>
        <source>Networks to use</source>
        <translation>要使用的网络</translation>
    </message>
    <message>
        <source>%1 (not up now)</source>
        <translation>%1（当前未启用）</translation>
    </message>
    <message>
        <source>&amp;Networks:</source>
        <translation>网络(&amp;N)：</translation>
    </message>
    <message>
        <source>None ticked: every network that is up, this machine&apos;s loopback left out.</source>
        <translation>未勾选任何网络：使用所有已启用的网络，但不包括本机的环回接口。</translation>
    </message>
    <message>
        <source>UDP beacon port</source>
        <translation>UDP 信标端口</translation>
    </message>
    <message>
        <source>UDP beacon &amp;port:</source>
        <translation>UDP 信标端口(&amp;P)：</translation>
    </message>
</context>
<context>
    <name>DnsSdAnnouncer</name>
    <message>
        <source>mDNS: announcing…</source>
        <translation>mDNS：正在通告…</translation>
    </message>
    <message>
        <source>mDNS: announced as %1</source>
        <translation>mDNS：已通告为 %1</translation>
    </message>
</context>
<context>
    <name>DnsSdBrowser</name>
    <message>
        <source>mDNS: looking for servers</source>
        <translation>mDNS：正在查找服务器</translation>
    </message>
</context>
<context>
    <name>DoctorAdapters</name>
    <message>
        <source>Wi-Fi</source>
        <translation>Wi-Fi</translation>
    </message>
    <message>
        <source>wired</source>
        <translation>有线</translation>
    </message>
    <message>
        <source>loopback (this machine only)</source>
        <translation>回环（仅限本机）</translation>
    </message>
    <message>
        <source>VPN</source>
        <translation>VPN</translation>
    </message>
    <message>
        <source>Docker/containers</source>
        <translation>Docker/容器</translation>
    </message>
    <message>
        <source>virtual machines</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Adapter {name} ({kind}): {networks}.</source>
        <translation>网卡 {name}（{kind}）：{networks}。</translation>
    </message>
    <message>
        <source>Read this machine&apos;s network adapters, their addresses and netmasks.</source>
        <translation>已读取本机的网卡及其地址和子网掩码。</translation>
    </message>
    <message>
        <source>This machine has no Wi-Fi or wired network connection that is up: connect it to the network the other machines are on.</source>
        <translation>本机没有处于连接状态的 Wi-Fi 或有线网络：请把它连接到其他机器所在的网络。</translation>
    </message>
    <message>
        <source>Asked the system which address it would use to reach {host}.</source>
        <translation>已询问系统访问 {host} 时会使用哪个地址。</translation>
    </message>
    <message>
        <source>{host} is this machine itself: other machines must use one of this machine&apos;s network addresses instead.</source>
        <translation>{host} 就是本机自己：其他机器必须改用本机的某个网络地址。</translation>
    </message>
    <message>
        <source>{host} is on the network of this machine&apos;s {kind} adapter {name} ({network}): that network leads to this machine&apos;s own {kind} guests or tunnel, not to the other machines around you. Use the server&apos;s Wi-Fi or wired address.</source>
        <translation>{host} 位于本机 {kind} 网卡 {name} 的网络（{network}）中：该网络通往本机内部的 {kind} 或隧道，而不是你周围的其他机器。请使用服务器的 Wi-Fi 或有线网络地址。</translation>
    </message>
    <message>
        <source>{host} is on the same network as this machine&apos;s {kind} adapter {name} ({network}): no router stands between the two machines.</source>
        <translation>{host} 与本机的 {kind} 网卡 {name}（{network}）位于同一网络：两台机器之间没有路由器。</translation>
    </message>
    <message>
        <source>This machine has no route to {host}: no adapter of this machine is on its network (this machine is on: {ours}). Check the address, or connect this machine to the server&apos;s network.</source>
        <translation>本机没有到 {host} 的路由：本机没有任何网卡在它的网络中（本机所在的网络：{ours}）。请检查地址，或把本机连接到服务器所在的网络。</translation>
    </message>
    <message>
        <source>No adapter of this machine is on the network of {host} (this machine is on: {ours}): the server may be on another network or behind a VPN, and traffic to it goes through a router from {source}{via}.</source>
        <translation>本机没有任何网卡在 {host} 的网络中（本机所在的网络：{ours}）：服务器可能在另一个网络中或在 VPN 后面，发往它的流量从 {source}{via} 出发，经过路由器转发。</translation>
    </message>
</context>
<context>
    <name>DoctorDialog</name>
    <message>
        <source>Connectivity doctor</source>
        <translation>连通性诊断</translation>
    </message>
    <message>
        <source>Why can&apos;t they connect? These checks look at this machine&apos;s networks, the chat port, the way to the server, discovery and the firewall. Each one is bounded in time and says what it did.</source>
        <translation>为什么连不上？这些检查会查看本机的网络、聊天端口、到服务器的路径、自动发现和防火墙。每项检查都有时间限制，并会说明它做了什么。</translation>
    </message>
    <message>
        <source>server name or IP address</source>
        <translation>服务器名称或 IP 地址</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>This machine is the server</source>
        <translation>本机就是服务器</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>重新检查(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Progress of the checks</source>
        <translation>检查进度</translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation>复制报告(&amp;C)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Done in %1 s: the first line says what stops the connection.</source>
        <translation>用时 %1 秒完成：第一行说明了是什么阻止了连接。</translation>
    </message>
    <message>
        <source>Done in %1 s: no blocking problem found, but read the warnings.</source>
        <translation>用时 %1 秒完成：没有发现阻止连接的问题，但请阅读警告。</translation>
    </message>
    <message>
        <source>Done in %1 s: nothing wrong found.</source>
        <translation>用时 %1 秒完成：没有发现问题。</translation>
    </message>
    <message>
        <source>The report is on the clipboard: paste it into a message.</source>
        <translation>报告已复制到剪贴板：可以粘贴到消息中。</translation>
    </message>
    <message>
        <source>it is turned off in this program&apos;s settings</source>
        <translation>本程序的设置中已将其关闭</translation>
    </message>
</context>
<context>
    <name>DoctorDiscovery</name>
    <message>
        <source>this version of chatapp has no discovery</source>
        <translation>此版本的 chatapp 没有自动发现功能</translation>
    </message>
    <message>
        <source>Listened for chatapp servers (mDNS and the UDP beacon) for {seconds:g} s.</source>
        <translation>在 {seconds:g} 秒内监听了 chatapp 服务器的通告（mDNS 和 UDP 信标）。</translation>
    </message>
    <message>
        <source>Discovery not checked: {reason}.</source>
        <translation>未检查自动发现：{reason}。</translation>
    </message>
    <message>
        <source>Discovery sees the server at {host} port {port} (by {vias}).</source>
        <translation>自动发现在 {host} 端口 {port} 上看到了该服务器（通过 {vias}）。</translation>
    </message>
    <message>
        <source>Discovery sees a chatapp server at {host}, but on port {other}, not {port}: use port {other}.</source>
        <translation>自动发现在 {host} 上看到了一个 chatapp 服务器，但端口是 {other}，不是 {port}：请使用端口 {other}。</translation>
    </message>
    <message>
        <source>Discovery found {count} chatapp server(s) within {seconds:g} s ({names}), but none at {host}.</source>
        <translation>自动发现在 {seconds:g} 秒内找到了 {count} 个 chatapp 服务器（{names}），但 {host} 上没有。</translation>
    </message>
    <message>
        <source>Discovery found {count} chatapp server(s) within {seconds:g} s: {names}.</source>
        <translation>自动发现在 {seconds:g} 秒内找到了 {count} 个 chatapp 服务器：{names}。</translation>
    </message>
    <message>
        <source>Discovery found no chatapp server within {seconds:g} s: announcements do not arrive here (the server&apos;s discovery may be off, or the network or a firewall blocks multicast and broadcast). Typing the address still works.</source>
        <translation>自动发现在 {seconds:g} 秒内没有找到 chatapp 服务器：通告没有到达这里（可能服务器关闭了自动发现，或者网络或防火墙阻挡了组播和广播）。直接输入地址仍然可以连接。</translation>
    </message>
</context>
<context>
    <name>DoctorFirewall</name>
    <message>
        <source>Ran `{command}`.</source>
        <translation>已运行 `{command}`。</translation>
    </message>
    <message>
        <source>{name} is installed, but reading its rules needs administrator rights: run the doctor again as administrator (sudo) to check it.</source>
        <translation>{name} 已安装，但读取其规则需要管理员权限：请以管理员身份（sudo）重新运行诊断来检查它。</translation>
    </message>
    <message>
        <source>{name} did not answer within {seconds:g} s: its state is unknown.</source>
        <translation>{name} 在 {seconds:g} 秒内没有响应：其状态未知。</translation>
    </message>
    <message>
        <source>{name} is on and has no rule for chatapp or port {port} yet: when it asks whether chatapp may accept incoming connections, allow it; or {fix}</source>
        <translation>{name} 已开启，但还没有针对 chatapp 或端口 {port} 的规则：当它询问是否允许 chatapp 接受传入连接时，请选择允许；或者{fix}</translation>
    </message>
    <message>
        <source>{name} does not block port {port} ({where}).</source>
        <translation>{name} 没有阻止端口 {port}（{where}）。</translation>
    </message>
    <message>
        <source>{name} lets connections to port {port} in ({where}).</source>
        <translation>{name} 允许传入到端口 {port} 的连接（{where}）。</translation>
    </message>
    <message>
        <source>{name} on this machine blocks connections to port {port} ({where}): {fix}</source>
        <translation>本机的 {name} 阻止了到端口 {port} 的连接（{where}）：{fix}</translation>
    </message>
    <message>
        <source>{name} on this machine blocks incoming connections unless a rule allows them ({where}), and no rule allows port {port}: {fix}</source>
        <translation>本机的 {name} 会阻止所有未经规则允许的传入连接（{where}），而没有规则允许端口 {port}：{fix}</translation>
    </message>
    <message>
        <source>ufw is off: it blocks no connections.</source>
        <translation>ufw 已关闭：它不会阻止任何连接。</translation>
    </message>
    <message>
        <source>allow it with `sudo ufw allow {port}/tcp`.</source>
        <translation>使用 `sudo ufw allow {port}/tcp` 放行。</translation>
    </message>
    <message>
        <source>firewalld is not running: it blocks nothing.</source>
        <translation>firewalld 未运行：它不会阻止任何连接。</translation>
    </message>
    <message>
        <source>open it with `sudo firewall-cmd --add-port={port}/tcp` (once more with --permanent to keep it).</source>
        <translation>使用 `sudo firewall-cmd --add-port={port}/tcp` 开放该端口（再加上 --permanent 运行一次可使其永久生效）。</translation>
    </message>
    <message>
        <source>remove that rule, or add one accepting TCP port {port} before it.</source>
        <translation>删除那条规则，或在它之前添加一条接受 TCP 端口 {port} 的规则。</translation>
    </message>
    <message>
        <source>Windows Defender Firewall is off for the {profile} profile: it blocks nothing.</source>
        <translation>Windows Defender 防火墙在 {profile} 配置文件下已关闭：它不会阻止任何连接。</translation>
    </message>
    <message>
        <source>in Windows Security, Firewall &amp; network protection, &quot;Allow an app through firewall&quot;, allow chatapp ({program}) on private networks; and mark this network as Private if Windows calls it Public ({profile} now).</source>
        <translation>在“Windows 安全中心”的“防火墙和网络保护”中，点击“允许应用通过防火墙”，允许 chatapp（{program}）在专用网络上通信；如果 Windows 将此网络视为公用网络（当前为 {profile}），请将其改为专用网络。</translation>
    </message>
    <message>
        <source>The macOS firewall is off: it blocks nothing.</source>
        <translation>macOS 防火墙已关闭：它不会阻止任何连接。</translation>
    </message>
    <message>
        <source>in System Settings, Network, Firewall, Options, allow incoming connections for {program} (and turn off &quot;Block all incoming connections&quot;).</source>
        <translation>在“系统设置”&gt;“网络”&gt;“防火墙”&gt;“选项”中，允许 {program} 接受传入连接（并关闭“阻止所有传入连接”）。</translation>
    </message>
    <message>
        <source>No firewall tool (ufw, firewalld, nft) was found on this machine: there is no firewall state to read.</source>
        <translation>本机上未找到防火墙工具（ufw、firewalld、nft）：没有可读取的防火墙状态。</translation>
    </message>
    <message>
        <source>Looked for ufw, firewall-cmd and nft.</source>
        <translation>已查找 ufw、firewall-cmd 和 nft。</translation>
    </message>
    <message>
        <source>That matters only when this machine runs the server.</source>
        <translation>这只在本机运行服务器时才有影响。</translation>
    </message>
</context>
<context>
    <name>DoctorHints</name>
    <message>
        <source>Compared the other checks&apos; results.</source>
        <translation>已比较其他各项检查的结果。</translation>
    </message>
    <message>
        <source>The server&apos;s announcements reach this machine, but connections to it do not: discovery works one way only. On Wi-Fi this is usually client isolation (&quot;AP isolation&quot;, common on guest networks), which keeps devices from reaching each other; or the server&apos;s firewall drops the port. Try a non-guest network or a cable, or turn isolation off in the router.</source>
        <translation>服务器的通告能到达本机，但到它的连接却不通：自动发现只能单向工作。在 Wi-Fi 上，这通常是客户端隔离（“AP 隔离”，在访客网络中很常见），它使设备之间无法互相访问；也可能是服务器的防火墙丢弃了发往该端口的数据。请换用非访客网络或网线，或在路由器中关闭隔离。</translation>
    </message>
    <message>
        <source>Connecting by address works, but discovery does not see the server: the network does not pass multicast and broadcast between the two machines (many Wi-Fi networks and every router don&apos;t), or the server&apos;s discovery is off. Keep typing the address.</source>
        <translation>按地址连接可以成功，但自动发现看不到该服务器：网络不在两台机器之间转发组播和广播（许多 Wi-Fi 网络都如此，所有路由器也都如此），或者服务器的自动发现已关闭。请继续手动输入地址。</translation>
    </message>
    <message>
        <source>This machine reaches the server&apos;s network by Wi-Fi and gets no answer: if both machines are on the same Wi-Fi, the access point may keep devices apart (client isolation). Connect both to the same non-guest network or by cable, or turn isolation off in the router.</source>
        <translation>本机通过 Wi-Fi 访问服务器所在的网络，但没有得到回应：如果两台机器连的是同一个 Wi-Fi，接入点可能把设备彼此隔开了（客户端隔离）。请把两台机器连到同一个非访客网络，或用网线连接，或在路由器中关闭隔离。</translation>
    </message>
    <message>
        <source>A VPN is on ({names}): some VPNs send all traffic through the tunnel and cut this machine off from its own network. If nobody can connect, try with the VPN off.</source>
        <translation>VPN 已开启（{names}）：有些 VPN 会把所有流量都送进隧道，使本机与自己所在的网络断开。如果谁都连不上，请关闭 VPN 后再试。</translation>
    </message>
    <message>
        <source>{host} looks like this machine&apos;s network {network} ({name}) but is outside it: with the netmask {mask} the two machines are on different subnets. Check both machines&apos; address and netmask (the router&apos;s settings give them).</source>
        <translation>{host} 看起来属于本机的网络 {network}（{name}），但其实不在其中：按子网掩码 {mask}，两台机器处于不同的子网。请检查两台机器的地址和子网掩码（可在路由器的设置中查到）。</translation>
    </message>
    <message>
        <source>The two machines are on different networks: connections between them go through routers, which often do not pass them. Put both machines on the same network if you can.</source>
        <translation>两台机器位于不同的网络：它们之间的连接要经过路由器，而路由器常常不放行这些连接。如果可以，请把两台机器放到同一个网络中。</translation>
    </message>
    <message>
        <source>Give people on your network this machine&apos;s address: {addresses}.</source>
        <translation>请把本机的地址告诉你网络中的其他人：{addresses}。</translation>
    </message>
    <message>
        <source>Not these: {addresses}. They lead to this machine&apos;s own virtual machines, containers or a VPN, not to the machines around you.</source>
        <translation>不要用这些：{addresses}。它们通往本机自己的虚拟机、容器或 VPN，而不是你周围的机器。</translation>
    </message>
</context>
<context>
    <name>DoctorPort</name>
    <message>
        <source>Port 0 lets the system pick a free port each time: clients must then be told the port the server shows.</source>
        <translation>端口 0 让系统每次自动选择一个空闲端口：这时必须把服务器显示的端口告诉客户端。</translation>
    </message>
    <message>
        <source>Nothing to check.</source>
        <translation>没有需要检查的内容。</translation>
    </message>
    <message>
        <source>Tried to reserve TCP port {port} on this machine, then asked the system which program listens on it.</source>
        <translation>尝试在本机预留 TCP 端口 {port}，然后询问系统是哪个程序在监听它。</translation>
    </message>
    <message>
        <source>Port {port} needs administrator rights on this system: start the server on a port above 1023 with --port (2000 is chatapp&apos;s).</source>
        <translation>在本系统上使用端口 {port} 需要管理员权限：请用 --port 在 1023 以上的端口启动服务器（2000 是 chatapp 的默认端口）。</translation>
    </message>
    <message>
        <source>Port {port} is already used on this machine, by a program the system does not name (it may belong to another user; run the doctor as administrator to see which). Close it or start the server on another port with --port.</source>
        <translation>本机的端口 {port} 已被占用，但系统没有说明是哪个程序（它可能属于其他用户；以管理员身份运行诊断即可看到是哪个）。请关闭它，或用 --port 在其他端口启动服务器。</translation>
    </message>
    <message>
        <source>Port {port} is free on this machine: the server can listen on it.</source>
        <translation>本机的端口 {port} 空闲：服务器可以在上面监听。</translation>
    </message>
    <message>
        <source>The chat server on port {port} listens on {address} only: other machines cannot reach it. Start it on 0.0.0.0 (every network) or on this machine&apos;s network address.</source>
        <translation>端口 {port} 上的聊天服务器只监听 {address}：其他机器无法访问它。请在 0.0.0.0（所有网络）或本机的网络地址上启动它。</translation>
    </message>
    <message>
        <source>This chat server listens on port {port}.</source>
        <translation>本聊天服务器正在监听端口 {port}。</translation>
    </message>
    <message>
        <source>A chatapp server (pid {pid}) listens on port {port}.</source>
        <translation>一个 chatapp 服务器（pid {pid}）正在监听端口 {port}。</translation>
    </message>
    <message>
        <source>a program of another user</source>
        <translation>另一个用户的程序</translation>
    </message>
    <message>
        <source>{name} (pid {pid})</source>
        <translation>{name}（pid {pid}）</translation>
    </message>
    <message>
        <source>a program</source>
        <translation>某个程序</translation>
    </message>
    <message>
        <source>Port {port} is already used by {who}. Close that program or start the server on another port with --port.</source>
        <translation>端口 {port} 已被 {who} 占用。请关闭该程序，或用 --port 在其他端口启动服务器。</translation>
    </message>
    <message>
        <source> Its command: {command}</source>
        <translation> 其命令：{command}</translation>
    </message>
</context>
<context>
    <name>DoctorReach</name>
    <message>
        <source>&quot;{host}&quot; is not a server name or address: type only the name or the address, such as 192.168.1.20, and the port in its own field.</source>
        <translation>“{host}”不是服务器名称或地址：只填写名称或地址，例如 192.168.1.20，端口填在单独的字段中。</translation>
    </message>
    <message>
        <source>Read the address: nothing was sent.</source>
        <translation>已读取地址：未发送任何数据。</translation>
    </message>
    <message>
        <source>The name {host} was not found: check its spelling, or use the server&apos;s IP address (the server window lists its addresses).</source>
        <translation>找不到名称 {host}：请检查拼写，或改用服务器的 IP 地址（服务器窗口中列出了它的地址）。</translation>
    </message>
    <message>
        <source>Looked up the name {host} for {seconds:g} s: no answer.</source>
        <translation>查询名称 {host} {seconds:g} 秒：无应答。</translation>
    </message>
    <message>
        <source>Looked up the name {host}: not found.</source>
        <translation>查询名称 {host}：未找到。</translation>
    </message>
    <message>
        <source>Tried a TCP connection to {address} port {port} for {seconds:g} s</source>
        <translation>向 {address} 端口 {port} 尝试 TCP 连接 {seconds:g} 秒</translation>
    </message>
    <message>
        <source>Nothing listens on port {port} at {where}: is the server running, and on this port?</source>
        <translation>{where} 的端口 {port} 上没有程序在监听：服务器是否在运行，并且使用的是这个端口？</translation>
    </message>
    <message>
        <source>: refused at once.</source>
        <translation>：立即被拒绝。</translation>
    </message>
    <message>
        <source>: no machine on the network answered for this address.</source>
        <translation>：网络上没有机器应答这个地址。</translation>
    </message>
    <message>
        <source>: the system reports &quot;host unreachable&quot;.</source>
        <translation>：系统报告“主机不可达”。</translation>
    </message>
    <message>
        <source>No machine on the network answers at {where} (host unreachable): check the address; the server&apos;s machine may be off, asleep, or on another network.</source>
        <translation>{where} 没有机器应答（主机不可达）：请检查地址；服务器所在的机器可能已关机、处于睡眠状态，或在另一个网络中。</translation>
    </message>
    <message>
        <source>No answer from port {port} at {where} within {seconds:g} s, though that machine answers on other ports: a firewall on the server&apos;s machine or on the network drops connections to port {port}. Allow TCP port {port} (or chatapp) in the server&apos;s firewall.</source>
        <translation>{seconds:g} 秒内 {where} 的端口 {port} 没有应答，但该机器的其他端口有应答：服务器机器上或网络中的防火墙丢弃了到端口 {port} 的连接。请在服务器的防火墙中放行 TCP 端口 {port}（或 chatapp）。</translation>
    </message>
    <message>
        <source>: no answer; port {other} of the same machine answered.</source>
        <translation>：无应答；同一机器的端口 {other} 有应答。</translation>
    </message>
    <message>
        <source>No answer from {where} within {seconds:g} s: a firewall on the server&apos;s machine or on the network drops the connection, or that machine is off. Check the address, that the server&apos;s machine is on, and its firewall.</source>
        <translation>{seconds:g} 秒内 {where} 没有应答：服务器机器上或网络中的防火墙丢弃了连接，或者那台机器已关机。请检查地址、服务器所在机器是否开机，以及它的防火墙。</translation>
    </message>
    <message>
        <source>: no answer, nor on port {other}.</source>
        <translation>：无应答，端口 {other} 也无应答。</translation>
    </message>
    <message>
        <source>This machine has no route to {where} (network unreachable): it is not connected to that network. Check the address and this machine&apos;s network connection.</source>
        <translation>本机没有到 {where} 的路由（网络不可达）：本机未连接到那个网络。请检查地址和本机的网络连接。</translation>
    </message>
    <message>
        <source>: the system has no route to it.</source>
        <translation>：系统没有到达它的路由。</translation>
    </message>
    <message>
        <source>This machine&apos;s own firewall stops connections to {where} port {port}: allow chatapp (or outgoing TCP to port {port}) in this machine&apos;s firewall.</source>
        <translation>本机自身的防火墙阻止了到 {where} 端口 {port} 的连接：请在本机防火墙中放行 chatapp（或发往端口 {port} 的出站 TCP 连接）。</translation>
    </message>
    <message>
        <source>Could not connect to {where} port {port}: {words}.</source>
        <translation>无法连接到 {where} 端口 {port}：{words}。</translation>
    </message>
    <message>
        <source>A chatapp server answers at {where} port {port}.</source>
        <translation>{where} 端口 {port} 上有 chatapp 服务器应答。</translation>
    </message>
    <message>
        <source>: connected; it greeted with &quot;{said}&quot;.</source>
        <translation>：已连接；它的问候语是“{said}”。</translation>
    </message>
    <message>
        <source>The chatapp server at {where} port {port} is full: ask its operator to raise the limit, or wait until someone leaves.</source>
        <translation>{where} 端口 {port} 上的 chatapp 服务器已满：请让其管理员提高人数上限，或等待有人离开。</translation>
    </message>
    <message>
        <source>: connected; it said &quot;{said}&quot;.</source>
        <translation>：已连接；它说“{said}”。</translation>
    </message>
    <message>
        <source>: connected, but it closed the connection without a word.</source>
        <translation>：已连接，但它一言不发就关闭了连接。</translation>
    </message>
    <message>
        <source>: connected, then waited {seconds:g} s: it said nothing.</source>
        <translation>：已连接，随后等待了 {seconds:g} 秒：它什么也没说。</translation>
    </message>
    <message>
        <source>Something accepts connections at {where} port {port}, but it does not greet like a chatapp server: it may be another program, or an old chatapp. Check the port.</source>
        <translation>{where} 端口 {port} 上有程序接受连接，但它的问候方式不像 chatapp 服务器：可能是其他程序，或旧版 chatapp。请检查端口。</translation>
    </message>
    <message>
        <source>Something answers at {where} port {port}, but it is not a chatapp server (it said &quot;{said}&quot;): check the port number.</source>
        <translation>{where} 端口 {port} 上有程序应答，但它不是 chatapp 服务器（它说“{said}”）：请检查端口号。</translation>
    </message>
</context>
<context>
    <name>DoctorReport</name>
    <message>
        <source>PROBLEM</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>WARNING</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>chatapp {version} connectivity doctor: this machine as the server, port {port}</source>
        <translation>chatapp {version} 连通性诊断：本机作为服务器，端口 {port}</translation>
    </message>
    <message>
        <source>chatapp {version} connectivity doctor: server {host} port {port}</source>
        <translation>chatapp {version} 连通性诊断：服务器 {host}，端口 {port}</translation>
    </message>
    <message>
        <source>chatapp {version} connectivity doctor: this machine&apos;s networks and discovery</source>
        <translation>chatapp {version} 连通性诊断：本机的网络与自动发现</translation>
    </message>
</context>
<context>
    <name>DoctorRun</name>
    <message>
        <source>The {check} check could not finish: {error}.</source>
        <translation>{check} 检查未能完成：{error}。</translation>
    </message>
    <message>
        <source>Ran the {check} check.</source>
        <translation>已运行 {check} 检查。</translation>
    </message>
</context>
<context>
    <name>EventFilterBar</name>
    <message>
        <source>&amp;Filter</source>
        <translation>筛选(&amp;F)</translation>
    </message>
    <message>
        <source>Choose which kinds of events to show</source>
        <translation>选择要显示哪些类型的事件</translation>
    </message>
    <message>
        <source>&amp;Winsock</source>
        <translation>Winsock(&amp;W)</translation>
    </message>
    <message>
        <source>Show only some Winsock network events (FD_READ, FD_WRITE, FD_ACCEPT…)</source>
        <translation>只显示部分 Winsock 网络事件（FD_READ、FD_WRITE、FD_ACCEPT…）</translation>
    </message>
    <message>
        <source>&amp;Heartbeats</source>
        <translation>心跳(&amp;H)</translation>
    </message>
    <message>
        <source>Show the pings and pongs, and the reads and writes that carry them</source>
        <translation>显示 ping 和 pong，以及承载它们的读写操作</translation>
    </message>
    <message>
        <source>Connection to show</source>
        <translation>要显示的连接</translation>
    </message>
    <message>
        <source>Show the events of one connection only</source>
        <translation>只显示某一个连接的事件</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>All connections</source>
        <translation>所有连接</translation>
    </message>
</context>
<context>
    <name>EventLog</name>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>State changes</source>
        <translation>状态变化</translation>
    </message>
    <message>
        <source>Data arrival (readyRead)</source>
        <translation>数据到达（readyRead）</translation>
    </message>
    <message>
        <source>Send complete (bytesWritten)</source>
        <translation>发送完成（bytesWritten）</translation>
    </message>
    <message>
        <source>Protocol messages</source>
        <translation>协议消息</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>FD_ACCEPT: ConnectionRequest</source>
        <translation>FD_ACCEPT: ConnectionRequest</translation>
    </message>
    <message>
        <source>FD_CONNECT: Connect</source>
        <translation>FD_CONNECT: Connect</translation>
    </message>
    <message>
        <source>FD_READ: DataArrival</source>
        <translation>FD_READ: DataArrival</translation>
    </message>
    <message>
        <source>FD_WRITE: SendComplete</source>
        <translation>FD_WRITE: SendComplete</translation>
    </message>
    <message>
        <source>FD_CLOSE: Close</source>
        <translation>FD_CLOSE: Close</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>No Winsock event</source>
        <translation>无 Winsock 事件</translation>
    </message>
</context>
<context>
    <name>EventLogDock</name>
    <message>
        <source>Event log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Stop the rows moving; new events wait</source>
        <translation>停止滚动；新事件先排队等待</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清空(&amp;L)</translation>
    </message>
    <message>
        <source>Remove every row</source>
        <translation>删除所有行</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the log as JSON lines</source>
        <translation>将日志保存为 JSON Lines 文件</translation>
    </message>
    <message>
        <source>Copy row</source>
        <translation>复制该行</translation>
    </message>
    <message>
        <source>Raw chunk as text</source>
        <translation>原始数据块（文本）</translation>
    </message>
    <message>
        <source>Select a row to see its bytes as text</source>
        <translation>选中一行，以文本形式查看其字节</translation>
    </message>
    <message>
        <source>Raw chunk in hex</source>
        <translation>原始数据块（十六进制）</translation>
    </message>
    <message>
        <source>…and in hexadecimal</source>
        <translation>…以及十六进制形式</translation>
    </message>
    <message>
        <source>(the first %1 of %2 bytes)</source>
        <translation>（只保留了前 %1 字节，共 %2 字节）</translation>
    </message>
    <message>
        <source>(no bytes: this event carries no data)</source>
        <translation>（无字节：此事件不携带数据）</translation>
    </message>
    <message>
        <source>Save event log</source>
        <translation>保存事件日志</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n event(s)</source>
        <translation>
            <numerusform>已保存 %n 条事件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n 条事件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>showing %1 of %n event(s)</source>
        <translation>
            <numerusform>显示 %1 条，共 %n 条事件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dropped</source>
        <translation>
            <numerusform>已丢弃 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>paused, %n waiting</source>
        <translation>
            <numerusform>已暂停，%n 条等待中</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Signal (arguments)</source>
        <translation>信号（参数）</translation>
    </message>
    <message>
        <source>Winsock event</source>
        <translation>Winsock 事件</translation>
    </message>
</context>
<context>
    <name>FoundServerList</name>
    <message>
        <source>On this &amp;network</source>
        <translation>本网络(&amp;N)</translation>
    </message>
    <message>
        <source>Servers on this network</source>
        <translation>本网络中的服务器</translation>
    </message>
    <message>
        <source>Click a server (or press Enter) to connect to it</source>
        <translation>单击某个服务器（或按 Enter）即可连接</translation>
    </message>
    <message>
        <source>Servers found on this network will be listed here.</source>
        <translation>在本网络中找到的服务器将列在这里。</translation>
    </message>
    <message>
        <source>Discovery status</source>
        <translation>自动发现状态</translation>
    </message>
    <message>
        <source>&amp;Scan this network</source>
        <translation>扫描本网络(&amp;S)</translation>
    </message>
    <message>
        <source>Try the chat port on every address of this machine&apos;s networks (for networks where servers cannot announce themselves)</source>
        <translation>在本机所在各网络的每个地址上尝试聊天端口（适用于服务器无法自我通告的网络）</translation>
    </message>
    <message>
        <source>Scan progress</source>
        <translation>扫描进度</translation>
    </message>
    <message>
        <source>Stop the scan</source>
        <translation>停止扫描</translation>
    </message>
    <message numerus="yes">
        <source>%n in the room</source>
        <translation>
            <numerusform>房间内 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>fingerprint %1…</source>
        <translation>指纹 %1…</translation>
    </message>
    <message>
        <source>password needed</source>
        <translation>需要密码</translation>
    </message>
    <message>
        <source>%1 at %2, port %3</source>
        <translation>%1，位于 %2，端口 %3</translation>
    </message>
    <message>
        <source>chatapp %1, found by %2</source>
        <translation>chatapp %1，通过 %2 发现</translation>
    </message>
    <message>
        <source>UDP beacon</source>
        <translation>UDP 信标</translation>
    </message>
    <message>
        <source>This room needs a password: type it before you click.</source>
        <translation>此房间需要密码：请在点击之前输入。</translation>
    </message>
    <message>
        <source>TLS fingerprint: %1</source>
        <translation>TLS 指纹：%1</translation>
    </message>
    <message>
        <source>%1 (answered on port %2)</source>
        <translation>%1（在端口 %2 上应答）</translation>
    </message>
</context>
<context>
    <name>Framing</name>
    <message>
        <source>A message that contains a newline cannot be sent with newline framing: the receiver would cut it in two.</source>
        <translation>包含换行符的消息不能用换行分帧发送：接收方会把它切成两半。</translation>
    </message>
    <message>
        <source>No newline within %1 bytes: the sender does not use newline framing, or sends lines longer than this receiver accepts.</source>
        <translation>%1 字节内没有换行符：发送方没有使用换行分帧，或者发送的行比本接收方能接受的更长。</translation>
    </message>
    <message>
        <source>A message of %1 bytes is larger than the %2 bytes the receiver accepts.</source>
        <translation>%1 字节的消息超过了接收方能接受的 %2 字节。</translation>
    </message>
    <message>
        <source>The length header says %1 bytes, more than the %2 bytes this receiver accepts: the sender is not using this framing, or is hostile. The receiver refuses rather than wait for that much.</source>
        <translation>长度头部声明有 %1 字节，超过了本接收方能接受的 %2 字节：发送方没有使用这种分帧，或者怀有恶意。接收方选择拒绝，而不是等待这么多数据。</translation>
    </message>
    <message>
        <source>Fixed-size framing sends messages of exactly %1 bytes; this one has %2.</source>
        <translation>固定长度分帧发送的消息必须恰好为 %1 字节；这条有 %2 字节。</translation>
    </message>
</context>
<context>
    <name>FrozenPeerLab</name>
    <message>
        <source>Connected: sender port {0} → peer port {1}; keepalive on ({2}).</source>
        <translation>已连接：发送方端口 {0} → 对端端口 {1}；保活已开启（{2}）。</translation>
    </message>
    <message>
        <source>Peer frozen: it stops reading and answering; its kernel still receives and acknowledges.</source>
        <translation>对端已冻结：它停止读取和应答；它的内核仍在接收并确认数据。</translation>
    </message>
    <message>
        <source>Peer thawed: it reads what waited and answers again.</source>
        <translation>对端已解冻：它读取积压的数据，并重新开始应答。</translation>
    </message>
    <message>
        <source>The sender writes data non-stop.</source>
        <translation>发送方不停地写入数据。</translation>
    </message>
    <message>
        <source>The sender stops writing data (heartbeat pings only).</source>
        <translation>发送方停止写入数据（只发送心跳 ping）。</translation>
    </message>
    <message>
        <source>There is no peer to end: connect first.</source>
        <translation>没有可结束的对端：请先连接。</translation>
    </message>
    <message>
        <source>A vanished machine cannot be imitated here: it needs Linux and administrator rights (TCP_REPAIR). On a real network, unplug the peer&apos;s cable instead.</source>
        <translation>这里无法模拟一台消失的机器：这需要 Linux 和管理员权限（TCP_REPAIR）。在真实网络中，可以改为拔掉对端的网线。</translation>
    </message>
    <message>
        <source>Peer vanished: its socket is gone without FIN or RST; the sender does not know and holds a half-open connection.</source>
        <translation>对端已消失：它的套接字没有发送 FIN 或 RST 就不见了；发送方对此一无所知，仍持有一个半开连接。</translation>
    </message>
    <message>
        <source>Peer aborted: RST (SO_LINGER {1, 0}).</source>
        <translation>对端已中止：RST（SO_LINGER {1, 0}）。</translation>
    </message>
    <message>
        <source>Peer closed with {0} bytes unread: the kernel sends RST, not FIN.</source>
        <translation>对端在还有 {0} 字节未读时关闭：内核发出的是 RST，而不是 FIN。</translation>
    </message>
    <message>
        <source>Peer closed: FIN.</source>
        <translation>对端已关闭：FIN。</translation>
    </message>
    <message>
        <source>The sender&apos;s recv() failed: {0} — the peer&apos;s kernel answered with RST.</source>
        <translation>发送方的 recv() 失败：{0}——对端的内核以 RST 作了应答。</translation>
    </message>
    <message>
        <source>The sender read the end of the stream: the peer sent FIN.</source>
        <translation>发送方读到了数据流的结尾：对端发送了 FIN。</translation>
    </message>
    <message>
        <source>The sender&apos;s send() failed: {0}.</source>
        <translation>发送方的 send() 失败：{0}。</translation>
    </message>
    <message>
        <source>The sender&apos;s writes are blocked: its send buffer is full and the peer advertises a zero window.</source>
        <translation>发送方的写入被阻塞：它的发送缓冲区已满，而对端通告的接收窗口为零。</translation>
    </message>
    <message>
        <source>The sender&apos;s writes go through again.</source>
        <translation>发送方的写入恢复畅通。</translation>
    </message>
    <message>
        <source>no answer for {0:g} s</source>
        <translation>{0:g} 秒无应答</translation>
    </message>
    <message>
        <source>Heartbeat: the peer is DEAD ({0}). A real program would close now; the lab keeps the connection to watch TCP alone.</source>
        <translation>心跳：对端已失效（{0}）。真实的程序此时会关闭连接；本实验保留连接，以便单独观察 TCP 的行为。</translation>
    </message>
    <message>
        <source>Heartbeat: the peer is LATE.</source>
        <translation>心跳：对端响应延迟。</translation>
    </message>
    <message>
        <source>Heartbeat: the peer answers again.</source>
        <translation>心跳：对端重新有了应答。</translation>
    </message>
</context>
<context>
    <name>FrozenPeerPage</name>
    <message>
        <source>sender&apos;s send queue</source>
        <translation>发送端的发送队列</translation>
    </message>
    <message>
        <source>peer&apos;s receive queue</source>
        <translation>对端的接收队列</translation>
    </message>
    <message>
        <source>writes blocked (zero window)</source>
        <translation>写入受阻（零窗口）</translation>
    </message>
    <message>
        <source>Frozen and dead peers</source>
        <translation>冻结与死亡的对端</translation>
    </message>
    <message>
        <source>This machine&apos;s default (tcp_keepalive_time): {0} s, {1:g} hours.</source>
        <translation>本机默认值（tcp_keepalive_time）：{0} 秒，即 {1:g} 小时。</translation>
    </message>
    <message>
        <source>The usual default is 7200 s: two hours.</source>
        <translation>通常的默认值是 7200 秒，即两小时。</translation>
    </message>
    <message>
        <source>A connected pair and its heartbeat</source>
        <translation>一对已连接的端点及其心跳</translation>
    </message>
    <message>
        <source>Two ends in this program: the sender (your program) and the peer. The sender pings every {0:g} s and calls the peer &lt;b&gt;late&lt;/b&gt; after two missed intervals and &lt;b&gt;dead&lt;/b&gt; after {1:g} s of silence. TCP keepalive is on for the sender with short times: first probe after {2} s of silence, then every {3} s, {4} unanswered probes drop the connection.</source>
        <translation>本程序中包含两端：发送端（你的程序）和对端。发送端每 {0:g} 秒发送一次 ping，连续错过两个周期后判定对端&lt;b&gt;迟到&lt;/b&gt;，静默 {1:g} 秒后判定为&lt;b&gt;死亡&lt;/b&gt;。发送端开启了 TCP 保活（keepalive），并使用较短的时间：静默 {2} 秒后发出第一个探测，之后每 {3} 秒一个，{4} 个探测无应答即断开连接。</translation>
    </message>
    <message>
        <source>Freeze the peer</source>
        <translation>冻结对端</translation>
    </message>
    <message>
        <source>The peer&apos;s program stops reading and answering (a hung GUI thread, a debugger, a deadlock). Its &lt;b&gt;kernel&lt;/b&gt; still receives and acknowledges every segment: both kernel states stay &lt;b&gt;ESTABLISHED&lt;/b&gt;. Only the heartbeat notices: late, then dead.</source>
        <translation>对端程序停止读取和应答（GUI 线程卡死、被调试器暂停、死锁）。但它的&lt;b&gt;内核&lt;/b&gt;仍会接收并确认每个报文段：两端的内核状态都保持 &lt;b&gt;ESTABLISHED&lt;/b&gt;。只有心跳能察觉：先是迟到，然后是死亡。</translation>
    </message>
    <message>
        <source>Keepalive proves the kernel, not the program</source>
        <translation>保活检验的是内核，而不是程序</translation>
    </message>
    <message>
        <source>Once the heartbeat has given up, the sender is silent; after {0} s the sender&apos;s kernel sends keepalive probes, and the frozen peer&apos;s kernel answers each one: the count of unanswered probes stays 0 and the connection stays ESTABLISHED long after {1} s. Keepalive only finds peers whose machine is gone. {2}</source>
        <translation>心跳放弃后，发送端不再发送任何数据；{0} 秒后发送端内核开始发送保活探测，而被冻结对端的内核会逐一应答：无应答探测数始终为 0，连接在超过 {1} 秒后仍长时间保持 ESTABLISHED。保活只能发现所在机器已经不在的对端。{2}</translation>
    </message>
    <message>
        <source>Keep writing: the window fills</source>
        <translation>持续写入：窗口被填满</translation>
    </message>
    <message>
        <source>The sender writes without stop. The peer&apos;s kernel stores what arrives until its receive buffer is full and advertises a &lt;b&gt;zero window&lt;/b&gt;; then the sender&apos;s kernel keeps the rest in its send queue until that is full too, and send() would block (here: writes are refused). The kernel now sends zero-window probes, which the frozen kernel answers too.</source>
        <translation>发送端不停地写入。对端内核把收到的数据存起来，直到接收缓冲区满，并通告&lt;b&gt;零窗口&lt;/b&gt;；随后发送端内核把剩余数据留在发送队列中，直到发送队列也满，此时 send() 会阻塞（本实验中：写入被拒绝）。内核随后发送零窗口探测，被冻结的内核同样会应答。</translation>
    </message>
    <message>
        <source>Thaw the peer</source>
        <translation>解冻对端</translation>
    </message>
    <message>
        <source>The peer reads again: its receive queue drains, the window opens, the sender&apos;s queue empties and the heartbeat is answered again.</source>
        <translation>对端重新开始读取：接收队列排空，窗口打开，发送端队列清空，心跳也重新得到应答。</translation>
    </message>
    <message>
        <source>Kill the peer</source>
        <translation>杀死对端</translation>
    </message>
    <message>
        <source>The peer&apos;s program exits. Its kernel closes the socket: &lt;b&gt;FIN&lt;/b&gt; if everything was read, &lt;b&gt;RST&lt;/b&gt; if data was left unread, as here. The sender learns at once: recv() fails with “connection reset”.</source>
        <translation>对端程序退出。其内核关闭套接字：如果数据都已读取则发送 &lt;b&gt;FIN&lt;/b&gt;，如果还有未读数据（如本例）则发送 &lt;b&gt;RST&lt;/b&gt;。发送端立即得知：recv() 失败，提示“连接被重置”。</translation>
    </message>
    <message>
        <source>A vanished peer: half-open</source>
        <translation>消失的对端：半开连接</translation>
    </message>
    <message>
        <source>When the peer&apos;s machine loses power or its cable, nothing is sent: the sender&apos;s connection stays ESTABLISHED, &lt;b&gt;half-open&lt;/b&gt;. The lab imitates it by dropping the peer&apos;s socket silently (Linux TCP_REPAIR, needs administrator rights). On loopback the machine is still there, so the sender&apos;s next segment (a keepalive probe) is answered with RST, as after a reboot. A machine really gone never answers: loopback cannot show that; the kernel then gives up after idle + interval × count (with the defaults two hours and eleven minutes), the heartbeat after {0:g} s.</source>
        <translation>当对端机器断电或网线断开时，不会发出任何数据：发送端的连接保持 ESTABLISHED，成为&lt;b&gt;半开&lt;/b&gt;连接。本实验通过静默丢弃对端的套接字来模拟这种情况（Linux TCP_REPAIR，需要管理员权限）。在环回接口上机器仍然存在，所以发送端的下一个报文段（一个保活探测）会收到 RST 应答，就像对端重启后一样。真正消失的机器永远不会应答，这一点环回接口无法演示；此时内核会在“空闲时间 + 间隔 × 次数”之后放弃（按默认值为两小时十一分钟），而心跳在 {0:g} 秒后就会放弃。</translation>
    </message>
    <message>
        <source>Both ends run in this program (freezing needs that); give this machine&apos;s network address to go through its network interface instead of loopback.</source>
        <translation>两端都运行在本程序中（冻结需要这样）；填写本机的网络地址，可让连接经过网卡而不是环回接口。</translation>
    </message>
    <message>
        <source>Peer listens on:</source>
        <translation>对端监听于：</translation>
    </message>
    <message>
        <source>Sender connects to:</source>
        <translation>发送端连接到：</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Freeze peer</source>
        <translation>冻结对端</translation>
    </message>
    <message>
        <source>Thaw peer</source>
        <translation>解冻对端</translation>
    </message>
    <message>
        <source>Sender writes on/off</source>
        <translation>发送端写入 开/关</translation>
    </message>
    <message>
        <source>Peer exits (close)</source>
        <translation>对端退出（close）</translation>
    </message>
    <message>
        <source>Peer aborts (RST)</source>
        <translation>对端中止（RST）</translation>
    </message>
    <message>
        <source>Peer vanishes</source>
        <translation>对端消失</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Heartbeat:</source>
        <translation>心跳：</translation>
    </message>
    <message>
        <source>Kernel states (sender / peer):</source>
        <translation>内核状态（发送端 / 对端）：</translation>
    </message>
    <message>
        <source>Sender&apos;s send queue:</source>
        <translation>发送端的发送队列：</translation>
    </message>
    <message>
        <source>Peer&apos;s receive queue:</source>
        <translation>对端的接收队列：</translation>
    </message>
    <message>
        <source>Sender&apos;s writes:</source>
        <translation>发送端写入：</translation>
    </message>
    <message>
        <source>Keepalive:</source>
        <translation>保活：</translation>
    </message>
    <message>
        <source>Sender silent for:</source>
        <translation>发送端已静默：</translation>
    </message>
    <message>
        <source>{0} s before the first probe (tcp_keepalive_time)</source>
        <translation>首次探测前等待 {0} 秒（tcp_keepalive_time）</translation>
    </message>
    <message>
        <source>not readable here (usually 7200 s)</source>
        <translation>此处无法读取（通常为 7200 秒）</translation>
    </message>
    <message>
        <source>System keepalive default:</source>
        <translation>系统保活默认值：</translation>
    </message>
    <message>
        <source>{0} — half-open: the sender does not know the peer is gone</source>
        <translation>{0} — 半开：发送端不知道对端已经不在了</translation>
    </message>
    <message>
        <source>blocked: zero window</source>
        <translation>受阻：零窗口</translation>
    </message>
    <message>
        <source>flowing</source>
        <translation>畅通</translation>
    </message>
    <message>
        <source>pings only</source>
        <translation>仅有 ping</translation>
    </message>
    <message>
        <source>keepalive timer running</source>
        <translation>保活计时器运行中</translation>
    </message>
    <message>
        <source>zero-window probes instead</source>
        <translation>改为发送零窗口探测</translation>
    </message>
    <message>
        <source>not due: traffic flows</source>
        <translation>未到期：有数据在流动</translation>
    </message>
    <message>
        <source>{0}; unanswered probes: {1}</source>
        <translation>{0}；无应答探测：{1}</translation>
    </message>
    <message>
        <source>; probes sent by this machine since the freeze (all sockets): {0}</source>
        <translation>；本机自冻结以来发送的探测（所有套接字）：{0}</translation>
    </message>
    <message>
        <source>{0:.1f} s</source>
        <translation>{0:.1f} 秒</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>存活</translation>
    </message>
    <message>
        <source>late</source>
        <translation>迟到</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>HandshakeCloseLab</name>
    <message>
        <source>close() the listener</source>
        <translation>close() 监听套接字</translation>
    </message>
    <message>
        <source>Nothing listens yet: start the listener first.</source>
        <translation>还没有程序在监听：请先启动监听套接字。</translation>
    </message>
    <message>
        <source>accept queue full: the kernel drops new SYNs</source>
        <translation>accept 队列已满：内核丢弃新的 SYN</translation>
    </message>
    <message>
        <source>accept queue has room again</source>
        <translation>accept 队列又有空位了</translation>
    </message>
    <message>
        <source>send() failed: {0}.</source>
        <translation>send() 失败：{0}。</translation>
    </message>
    <message>
        <source>data ({0} bytes)</source>
        <translation>数据（{0} 字节）</translation>
    </message>
    <message>
        <source>RST ({0} bytes never read)</source>
        <translation>RST（{0} 字节从未被读取）</translation>
    </message>
    <message>
        <source>shutdown() failed: {0}.</source>
        <translation>shutdown() 失败：{0}。</translation>
    </message>
    <message>
        <source>Both ends need an open connection: connect first.</source>
        <translation>两端都需要一个已打开的连接：请先连接。</translation>
    </message>
    <message>
        <source>connect() done: connected</source>
        <translation>connect() 完成：已连接</translation>
    </message>
    <message>
        <source>recv() → connection reset: the peer sent RST</source>
        <translation>recv() → 连接被重置：对端发送了 RST</translation>
    </message>
    <message>
        <source>recv() failed: {0}</source>
        <translation>recv() 失败：{0}</translation>
    </message>
    <message>
        <source>recv() → {0} bytes</source>
        <translation>recv() → {0} 字节</translation>
    </message>
    <message>
        <source>recv() → {0} bytes in all</source>
        <translation>recv() → 共 {0} 字节</translation>
    </message>
    <message>
        <source>recv() → 0: end of stream, the peer sent FIN</source>
        <translation>recv() → 0：流结束，对端发送了 FIN</translation>
    </message>
    <message>
        <source>{0} (connection {1})</source>
        <translation>{0}（连接 {1}）</translation>
    </message>
    <message>
        <source>TIME_WAIT over after {0:.1f} s: port {1} is free</source>
        <translation>TIME_WAIT 在 {0:.1f} 秒后结束：端口 {1} 已空闲</translation>
    </message>
    <message>
        <source>The {0} has no open connection.</source>
        <translation>{0}没有已打开的连接。</translation>
    </message>
    <message>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>The step could not finish: the connection never got there. Start the step again.</source>
        <translation>该步骤无法完成：连接没有到达那个状态。请重新开始此步骤。</translation>
    </message>
</context>
<context>
    <name>HandshakeClosePage</name>
    <message>
        <source>Handshake and close</source>
        <translation>握手与关闭</translation>
    </message>
    <message>
        <source>socket, bind, listen</source>
        <translation>socket、bind、listen</translation>
    </message>
    <message>
        <source>A server asks for a &lt;b&gt;socket()&lt;/b&gt;, &lt;b&gt;bind()&lt;/b&gt;s it to an address and a port, and calls &lt;b&gt;listen()&lt;/b&gt;: the kernel now answers connection requests on that port by itself. The lab sets SO_REUSEADDR explicitly (see the last step).</source>
        <translation>服务器先申请一个 &lt;b&gt;socket()&lt;/b&gt;，将其 &lt;b&gt;bind()&lt;/b&gt; 到一个地址和端口，再调用 &lt;b&gt;listen()&lt;/b&gt;：此后内核会自行应答该端口上的连接请求。本实验显式设置了 SO_REUSEADDR（见最后一步）。</translation>
    </message>
    <message>
        <source>connect: the three-way handshake</source>
        <translation>connect：三次握手</translation>
    </message>
    <message>
        <source>The client calls &lt;b&gt;connect()&lt;/b&gt;: its kernel sends &lt;b&gt;SYN&lt;/b&gt; and the socket is in &lt;b&gt;SYN_SENT&lt;/b&gt;. To make this visible the lab first fills the listener&apos;s accept queue, so the server&apos;s kernel drops the SYN; it frees the queue after a moment and the client&apos;s kernel sends the SYN again (1 s after the first). Then SYN+ACK and ACK: both ends are &lt;b&gt;ESTABLISHED&lt;/b&gt;. The server&apos;s SYN_RECV lasts one round trip, microseconds on loopback, too short to sample.</source>
        <translation>客户端调用 &lt;b&gt;connect()&lt;/b&gt;：它的内核发出 &lt;b&gt;SYN&lt;/b&gt;，套接字处于 &lt;b&gt;SYN_SENT&lt;/b&gt;。为了让这一状态看得见，本实验先填满监听套接字的 accept 队列，使服务器内核丢弃这个 SYN；片刻之后再腾空队列，客户端内核重发 SYN（在第一次之后 1 秒）。接着是 SYN+ACK 和 ACK：两端都进入 &lt;b&gt;ESTABLISHED&lt;/b&gt;。服务器的 SYN_RECV 只持续一个往返时间，在回环接口上只有几微秒，太短，采样不到。</translation>
    </message>
    <message>
        <source>accept(): the handshake happened before it</source>
        <translation>accept()：握手在它之前就已完成</translation>
    </message>
    <message>
        <source>The server&apos;s end was ESTABLISHED in the kernel before the program called &lt;b&gt;accept()&lt;/b&gt;: accept only takes a finished connection out of the queue.</source>
        <translation>在程序调用 &lt;b&gt;accept()&lt;/b&gt; 之前，服务器一端就已在内核中进入 ESTABLISHED：accept 只是从队列中取出一个已完成的连接。</translation>
    </message>
    <message>
        <source>Data both ways</source>
        <translation>双向传输数据</translation>
    </message>
    <message>
        <source>&lt;b&gt;send()&lt;/b&gt; hands bytes to the kernel; the other end&apos;s &lt;b&gt;recv()&lt;/b&gt; returns them (the Winsock DataArrival event).</source>
        <translation>&lt;b&gt;send()&lt;/b&gt; 把字节交给内核；另一端的 &lt;b&gt;recv()&lt;/b&gt; 返回这些字节（即 Winsock 的 DataArrival 事件）。</translation>
    </message>
    <message>
        <source>close(): the four-way close</source>
        <translation>close()：四次挥手</translation>
    </message>
    <message>
        <source>The client closes first: &lt;b&gt;FIN&lt;/b&gt;, its end goes FIN_WAIT1 then &lt;b&gt;FIN_WAIT2&lt;/b&gt; when the server&apos;s kernel acknowledges. The server is in &lt;b&gt;CLOSE_WAIT&lt;/b&gt; and reads the end of the stream (recv returns 0); it closes too: FIN, &lt;b&gt;LAST_ACK&lt;/b&gt;, and the client&apos;s ACK ends it. The side that closed first stays in &lt;b&gt;TIME_WAIT&lt;/b&gt;.</source>
        <translation>客户端先关闭：发出 &lt;b&gt;FIN&lt;/b&gt;，它这一端进入 FIN_WAIT1，服务器内核确认后进入 &lt;b&gt;FIN_WAIT2&lt;/b&gt;。服务器处于 &lt;b&gt;CLOSE_WAIT&lt;/b&gt;，读到数据流的结尾（recv 返回 0）；它也关闭：发出 FIN，进入 &lt;b&gt;LAST_ACK&lt;/b&gt;，客户端的 ACK 使连接结束。先关闭的一方停留在 &lt;b&gt;TIME_WAIT&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>TIME_WAIT</source>
        <translation>TIME_WAIT</translation>
    </message>
    <message>
        <source>The end that closed first keeps the connection in TIME_WAIT for twice the maximum segment lifetime, so a late duplicate of an old segment cannot be taken for part of a new connection and the last ACK can be sent again. Linux holds it exactly 60 s; Windows and macOS differ. It belongs to no program any more: only the kernel&apos;s table shows it. Watch the countdown.</source>
        <translation>先关闭的一端让连接在 TIME_WAIT 中保持两倍的最大报文段生存时间（MSL），这样旧报文段迟到的副本就不会被误当作新连接的一部分，最后一个 ACK 也能重发。Linux 恰好保持 60 秒；Windows 和 macOS 各不相同。此时它已不属于任何程序：只有内核的连接表里能看到它。请留意倒计时。</translation>
    </message>
    <message>
        <source>abort: RST</source>
        <translation>中止：RST</translation>
    </message>
    <message>
        <source>With &lt;b&gt;SO_LINGER {1, 0}&lt;/b&gt;, close() sends &lt;b&gt;RST&lt;/b&gt; instead of FIN: the connection is gone at once on both ends, there is no TIME_WAIT, and the peer&apos;s recv() fails with “connection reset”. Closing with unread data received also sends RST.</source>
        <translation>设置 &lt;b&gt;SO_LINGER {1, 0}&lt;/b&gt; 后，close() 发出的是 &lt;b&gt;RST&lt;/b&gt; 而不是 FIN：两端的连接立即消失，没有 TIME_WAIT，对端的 recv() 会失败并报告“connection reset”（连接被重置）。关闭时如果还有已收到但未读取的数据，也会发出 RST。</translation>
    </message>
    <message>
        <source>Half-close: shutdown(SHUT_WR)</source>
        <translation>半关闭：shutdown(SHUT_WR)</translation>
    </message>
    <message>
        <source>&lt;b&gt;shutdown(SHUT_WR)&lt;/b&gt; sends FIN for the client&apos;s writing half only. The server reads the end of the stream and can still send: the client still reads. Then the server closes and the client ends in TIME_WAIT.</source>
        <translation>&lt;b&gt;shutdown(SHUT_WR)&lt;/b&gt; 只为客户端的写方向发出 FIN。服务器读到数据流的结尾，但仍可以发送：客户端也仍能读取。随后服务器关闭，客户端最终处于 TIME_WAIT。</translation>
    </message>
    <message>
        <source>Simultaneous close</source>
        <translation>同时关闭</translation>
    </message>
    <message>
        <source>Both ends close at the same moment: each FIN leaves before the other&apos;s arrives. On loopback that needs a trick: both ends fill the other&apos;s window, then call shutdown(SHUT_WR), so each FIN waits behind data; then both read. Both ends are in &lt;b&gt;FIN_WAIT1&lt;/b&gt; at once, each receives a FIN while waiting for the ACK of its own (&lt;b&gt;CLOSING&lt;/b&gt;, for less than a round trip, too short to sample here), and &lt;b&gt;both&lt;/b&gt; end in TIME_WAIT: both closed first.</source>
        <translation>两端在同一时刻关闭：各自的 FIN 都在对方的 FIN 到达之前发出。在回环接口上这需要一个技巧：两端先填满对方的窗口，再调用 shutdown(SHUT_WR)，这样各自的 FIN 都排在数据后面等待；然后两端都开始读取。两端同时处于 &lt;b&gt;FIN_WAIT1&lt;/b&gt;，各自在等待自己 FIN 的 ACK 时收到了对方的 FIN（进入 &lt;b&gt;CLOSING&lt;/b&gt;，持续不到一个往返时间，太短，这里采样不到），最后&lt;b&gt;两端&lt;/b&gt;都进入 TIME_WAIT：两端都是先关闭的一方。</translation>
    </message>
    <message>
        <source>Restarting a server: SO_REUSEADDR</source>
        <translation>重启服务器：SO_REUSEADDR</translation>
    </message>
    <message>
        <source>Now the &lt;b&gt;server&lt;/b&gt; closes first, so the TIME_WAIT holds the server&apos;s port. The server restarts: a new socket without SO_REUSEADDR cannot bind (Address already in use) for as long as that TIME_WAIT lasts; with SO_REUSEADDR it binds at once. On Linux both the new socket and the listener that accepted the old connection need the option. Python&apos;s socket.create_server and Qt&apos;s QTcpServer set it for you.</source>
        <translation>这次由&lt;b&gt;服务器&lt;/b&gt;先关闭，于是 TIME_WAIT 占住了服务器的端口。服务器重启：未设置 SO_REUSEADDR 的新套接字在该 TIME_WAIT 持续期间无法 bind（Address already in use，地址已被占用）；设置了 SO_REUSEADDR 则能立即绑定。在 Linux 上，新套接字和接受了旧连接的监听套接字都需要设置此选项。Python 的 socket.create_server 和 Qt 的 QTcpServer 会替你设置好。</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>Loopback by default. To use two machines, listen on 0.0.0.0 or connect to another machine&apos;s address where this lab (or any server) listens; the far side is not drawn.</source>
        <translation>默认使用回环地址。要使用两台机器，请监听 0.0.0.0，或连接到另一台机器上本实验（或任何服务器）正在监听的地址；远端不会画出来。</translation>
    </message>
    <message>
        <source>Listen on:</source>
        <translation>监听地址：</translation>
    </message>
    <message>
        <source>Connect to:</source>
        <translation>连接到：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>监听</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Client sends</source>
        <translation>客户端发送</translation>
    </message>
    <message>
        <source>Server sends</source>
        <translation>服务器发送</translation>
    </message>
    <message>
        <source>Client close (FIN)</source>
        <translation>客户端关闭（FIN）</translation>
    </message>
    <message>
        <source>Server close (FIN)</source>
        <translation>服务器关闭（FIN）</translation>
    </message>
    <message>
        <source>Client abort (RST)</source>
        <translation>客户端中止（RST）</translation>
    </message>
    <message>
        <source>Server abort (RST)</source>
        <translation>服务器中止（RST）</translation>
    </message>
    <message>
        <source>Client shutdown(SHUT_WR)</source>
        <translation>客户端 shutdown(SHUT_WR)</translation>
    </message>
    <message>
        <source>Restart without SO_REUSEADDR</source>
        <translation>重启（不设置 SO_REUSEADDR）</translation>
    </message>
    <message>
        <source>Restart with SO_REUSEADDR</source>
        <translation>重启（设置 SO_REUSEADDR）</translation>
    </message>
    <message>
        <source>Client:</source>
        <translation>客户端：</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>TIME_WAIT:</source>
        <translation>TIME_WAIT：</translation>
    </message>
    <message>
        <source>no connection</source>
        <translation>无连接</translation>
    </message>
    <message>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>{0} port {1}: {2:.1f} s so far, about {3:.0f} s left (Linux holds it 60 s)</source>
        <translation>{0}端口 {1}：已过 {2:.1f} 秒，约剩 {3:.0f} 秒（Linux 保持 60 秒）</translation>
    </message>
    <message>
        <source>{0} port {1}: {2:.1f} s so far</source>
        <translation>{0}端口 {1}：已过 {2:.1f} 秒</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>HexMarks</name>
    <message>
        <source>… and %1 more bytes in this read</source>
        <translation>… 本次读取还有 %1 字节</translation>
    </message>
    <message>
        <source>length header</source>
        <translation>长度头</translation>
    </message>
    <message>
        <source>delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <source>message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>next message</source>
        <translation>下一条消息</translation>
    </message>
    <message>
        <source>Length header %1 = &lt;b&gt;%2&lt;/b&gt; in network byte order (big-endian, most significant byte first). Read in the little-endian order of a PC&apos;s memory, the same four bytes would say %3: that is why the sender converts with htonl() and the receiver with ntohl().</source>
        <translation>长度头 %1 = &lt;b&gt;%2&lt;/b&gt;，按网络字节序（大端，最高有效字节在前）读取。如果按 PC 内存中的小端顺序读取，同样的四个字节表示 %3：这就是发送方要用 htonl() 转换、接收方要用 ntohl() 转换的原因。</translation>
    </message>
</context>
<context>
    <name>KeepaliveLed</name>
    <message>
        <source>Connection liveness</source>
        <translation>连接存活状态</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Alive</source>
        <translation>存活</translation>
    </message>
    <message>
        <source>Late: a heartbeat is overdue</source>
        <translation>延迟：心跳超时未到</translation>
    </message>
    <message>
        <source>Dead: no answer from the other side</source>
        <translation>失效：对方没有响应</translation>
    </message>
    <message>
        <source>Round trip: %1 ms</source>
        <translation>往返时间：%1 毫秒</translation>
    </message>
</context>
<context>
    <name>LabSentences</name>
    <message>
        <source>“{0}” is not an IP address: enter one such as 127.0.0.1 or 192.168.1.20.</source>
        <translation>“{0}”不是 IP 地址：请输入类似 127.0.0.1 或 192.168.1.20 的地址。</translation>
    </message>
    <message>
        <source>Address already in use: a connection on port {0} is still in TIME_WAIT; SO_REUSEADDR lets a new listener bind anyway.</source>
        <translation>地址已被占用：端口 {0} 上的一个连接仍处于 TIME_WAIT；SO_REUSEADDR 可让新的监听套接字照样绑定。</translation>
    </message>
    <message>
        <source>Address already in use: another socket listens on port {0}; stop it or choose another port.</source>
        <translation>地址已被占用：另一个套接字正在监听端口 {0}；请停止它或换一个端口。</translation>
    </message>
    <message>
        <source>Port {0} needs administrator rights (ports below 1024 do): choose a port above 1024.</source>
        <translation>端口 {0} 需要管理员权限（1024 以下的端口都需要）：请选择 1024 以上的端口。</translation>
    </message>
    <message>
        <source>This machine has no address {0}: listen on 127.0.0.1, 0.0.0.0 or one of its own addresses.</source>
        <translation>本机没有地址 {0}：请监听 127.0.0.1、0.0.0.0 或本机自己的某个地址。</translation>
    </message>
    <message>
        <source>Could not listen on {0} port {1}: {2}.</source>
        <translation>无法在 {0} 端口 {1} 上监听：{2}。</translation>
    </message>
    <message>
        <source>Connection refused: nothing listens on {0} port {1} (the kernel answered the SYN with RST).</source>
        <translation>连接被拒绝：{0} 端口 {1} 上没有程序在监听（内核以 RST 回应了 SYN）。</translation>
    </message>
    <message>
        <source>Connection timed out: no answer from {0} port {1}; a firewall may drop the SYN.</source>
        <translation>连接超时：{0} 端口 {1} 没有应答；可能有防火墙丢弃了 SYN。</translation>
    </message>
    <message>
        <source>No route to {0}: check the address and the network.</source>
        <translation>没有到 {0} 的路由：请检查地址和网络。</translation>
    </message>
    <message>
        <source>Could not connect to {0} port {1}: error {2}.</source>
        <translation>无法连接到 {0} 端口 {1}：错误 {2}。</translation>
    </message>
</context>
<context>
    <name>LabWindow</name>
    <message>
        <source>chatapp labs</source>
        <translation>chatapp 实验</translation>
    </message>
    <message>
        <source>Labs</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>Explanation of the step</source>
        <translation>本步骤的说明</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Slow motion</source>
        <translation>慢动作</translation>
    </message>
    <message>
        <source>Stretch the lab&apos;s own delays five times, so a class can follow each event</source>
        <translation>把实验自身的延迟拉长五倍，让全班能跟上每个事件</translation>
    </message>
    <message>
        <source>Export diagrams…</source>
        <translation>导出示意图…</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>下一步(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Export diagrams…</source>
        <translation>导出示意图(&amp;E)…</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Normal size</source>
        <translation>正常大小(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>步骤(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>No labs are installed.</source>
        <translation>没有安装任何实验。</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>This lab has no diagrams to export.</source>
        <translation>本实验没有可导出的示意图。</translation>
    </message>
    <message>
        <source>Export the diagrams into which folder?</source>
        <translation>把示意图导出到哪个文件夹？</translation>
    </message>
    <message>
        <source>The diagrams could not be exported: %1. Choose a folder you can write to.</source>
        <translation>无法导出示意图：%1。请选择一个你有写入权限的文件夹。</translation>
    </message>
    <message>
        <source>%1 files written to %2.</source>
        <translation>已将 %1 个文件写入 %2。</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>关闭提示</translation>
    </message>
</context>
<context>
    <name>MessageEdit</name>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Type a message; Enter sends, Shift+Enter adds a line, /help lists commands</source>
        <translation>输入消息；Enter 发送，Shift+Enter 换行，/help 列出命令</translation>
    </message>
</context>
<context>
    <name>MessageInput</name>
    <message>
        <source>To everyone</source>
        <translation>发给所有人</translation>
    </message>
    <message>
        <source>Stop writing privately (Esc)</source>
        <translation>不再私聊（Esc）</translation>
    </message>
    <message>
        <source>Write to everyone</source>
        <translation>发给所有人</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Private message to %1</source>
        <translation>私信给 %1</translation>
    </message>
    <message>
        <source>Private to %1; Enter sends, Esc writes to everyone</source>
        <translation>私信给 %1；Enter 发送，Esc 改为发给所有人</translation>
    </message>
    <message>
        <source>Type a message; Enter sends, Shift+Enter adds a line, /help lists commands</source>
        <translation>输入消息；Enter 发送，Shift+Enter 换行，/help 列出命令</translation>
    </message>
</context>
<context>
    <name>PreferenceChoices</name>
    <message>
        <source>The language changes the next time the window opens.</source>
        <translation>语言将在下次打开窗口时生效。</translation>
    </message>
</context>
<context>
    <name>QueueChart</name>
    <message>
        <source>{0:.0f} s</source>
        <translation>{0:.0f} 秒</translation>
    </message>
</context>
<context>
    <name>RelayControls</name>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Where the messages go. 127.0.0.1 is this machine. To use two machines, start &quot;Receive for another machine&quot; on the other one and type its address here.</source>
        <translation>消息发往何处。127.0.0.1 是本机。要使用两台机器，请在另一台机器上启动“为另一台机器接收”，并在这里输入它的地址。</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息数</translation>
    </message>
    <message>
        <source>One every</source>
        <translation>每隔</translation>
    </message>
    <message>
        <source>Delay each way</source>
        <translation>单程延迟</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>丢包</translation>
    </message>
    <message>
        <source>Duplication</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Reordering</source>
        <translation>乱序</translation>
    </message>
    <message>
        <source>held back up to</source>
        <translation>最多延后</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Receiver address</source>
        <translation>接收方地址</translation>
    </message>
</context>
<context>
    <name>SequenceDiagram</name>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Sequence diagram of the connection</source>
        <translation>连接的时序图</translation>
    </message>
</context>
<context>
    <name>ServerAnnouncements</name>
    <message>
        <source>Discovery status</source>
        <translation>自动发现状态</translation>
    </message>
    <message>
        <source>Not announced on the network: discovery is off (View &gt; Discovery settings…).</source>
        <translation>未在网络上通告：自动发现已关闭（视图 &gt; 自动发现设置…）。</translation>
    </message>
    <message>
        <source>Not announced yet: the server is not listening.</source>
        <translation>尚未通告：服务器没有在监听。</translation>
    </message>
    <message>
        <source>UDP datagram sent to %1</source>
        <translation>UDP 数据报已发往 %1</translation>
    </message>
    <message>
        <source>UDP datagram from %1</source>
        <translation>来自 %1 的 UDP 数据报</translation>
    </message>
    <message>
        <source>%1 bytes: %2. A datagram has no connection and no state, and it may be lost on the way.</source>
        <translation>%1 字节：%2。数据报没有连接，也没有状态，可能在途中丢失。</translation>
    </message>
    <message>
        <source>UDP beacon</source>
        <translation>UDP 信标</translation>
    </message>
</context>
<context>
    <name>ServerDiscovery</name>
    <message>
        <source>Not announced: none of the interfaces %1 is up with an IPv4 address.</source>
        <translation>未通告：网卡 %1 中没有一个处于启用状态且具有 IPv4 地址。</translation>
    </message>
    <message>
        <source>Not announced: the server listens on %1, which only this machine can reach.</source>
        <translation>未通告：服务器监听在 %1 上，只有本机能访问。</translation>
    </message>
    <message>
        <source>Not announced: this machine has no network to announce on.</source>
        <translation>未通告：本机没有可用于通告的网络。</translation>
    </message>
    <message>
        <source>Not announced: the server is not listening.</source>
        <translation>未通告：服务器未在监听。</translation>
    </message>
    <message>
        <source>UDP beacon</source>
        <translation>UDP 信标</translation>
    </message>
    <message>
        <source>Announced on %1 by %2</source>
        <translation>已在 %1 上通过 %2 通告</translation>
    </message>
    <message>
        <source> and </source>
        <translation> 和 </translation>
    </message>
    <message>
        <source>Not announced on %1.</source>
        <translation>未在 %1 上通告。</translation>
    </message>
</context>
<context>
    <name>ServerFinder</name>
    <message>
        <source>Not looking for servers: no network interface to look on.</source>
        <translation>未查找服务器：没有可用于查找的网络接口。</translation>
    </message>
    <message>
        <source>UDP beacon</source>
        <translation>UDP 信标</translation>
    </message>
    <message>
        <source>Looking on %1 by %2</source>
        <translation>正在 %1 上通过 %2 查找</translation>
    </message>
    <message>
        <source> and </source>
        <translation> 和 </translation>
    </message>
    <message>
        <source>Not looking for servers on %1.</source>
        <translation>未在 %1 上查找服务器。</translation>
    </message>
</context>
<context>
    <name>ServerWindow</name>
    <message>
        <source>Chat server</source>
        <translation>聊天服务器</translation>
    </message>
    <message>
        <source>Not listening</source>
        <translation>未监听</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Address to listen on</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>0.0.0.0 listens on every network of this machine</source>
        <translation>0.0.0.0 表示监听本机所有网络</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>0 picks a free port</source>
        <translation>0 表示自动选择空闲端口</translation>
    </message>
    <message>
        <source>&amp;Start listening</source>
        <translation>开始监听(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top listening</source>
        <translation>停止监听(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Clients connect to:</source>
        <translation>客户端连接地址：</translation>
    </message>
    <message>
        <source>Addresses for clients</source>
        <translation>供客户端使用的地址</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the addresses to the clipboard</source>
        <translation>将地址复制到剪贴板</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>Message as the operator</source>
        <translation>以管理员身份发言</translation>
    </message>
    <message>
        <source>Connected clients</source>
        <translation>已连接的客户端</translation>
    </message>
    <message>
        <source>Select a client to see its connection; double-click to message it</source>
        <translation>选中客户端可查看其连接；双击可给它发私信</translation>
    </message>
    <message>
        <source>&amp;Kick</source>
        <translation>踢出(&amp;K)</translation>
    </message>
    <message>
        <source>Disconnect the selected client</source>
        <translation>断开选中的客户端</translation>
    </message>
    <message>
        <source>The chat history is not being saved: it is kept in memory only and is lost when the server stops. %1</source>
        <translation>聊天记录没有保存：只保存在内存中，服务器停止后就会丢失。%1</translation>
    </message>
    <message>
        <source>Chat history not available</source>
        <translation>无法使用聊天记录</translation>
    </message>
    <message>
        <source>The server runs anyway and keeps the chat in memory only: it is lost when the server stops.</source>
        <translation>服务器照常运行，但聊天内容只保存在内存中，服务器停止后就会丢失。</translation>
    </message>
    <message>
        <source>History: in memory only</source>
        <translation>聊天记录：仅在内存中</translation>
    </message>
    <message>
        <source>The chat is not saved: it is lost when the server stops.</source>
        <translation>聊天内容不会保存：服务器停止后就会丢失。</translation>
    </message>
    <message>
        <source>History: saved</source>
        <translation>聊天记录：已保存</translation>
    </message>
    <message>
        <source>The chat is saved in %1</source>
        <translation>聊天内容保存在 %1</translation>
    </message>
    <message>
        <source>Addresses copied</source>
        <translation>地址已复制</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <source>(start listening first)</source>
        <translation>（请先开始监听）</translation>
    </message>
    <message>
        <source>peer %1</source>
        <translation>对端 %1</translation>
    </message>
    <message>
        <source>Stop the server?</source>
        <translation>停止服务器？</translation>
    </message>
    <message numerus="yes">
        <source>Closing this window stops the server and disconnects everyone in the room (%n connected).</source>
        <translation>
            <numerusform>关闭此窗口会停止服务器，并断开聊天室中所有人的连接（已连接 %n 人）。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Stop and close</source>
        <translation>停止并关闭(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Keep running</source>
        <translation>继续运行(&amp;K)</translation>
    </message>
</context>
<context>
    <name>SocketErrors</name>
    <message>
        <source>the server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Connection to {where} was refused: no chatapp server is listening there. Check the port, and that the server is started.</source>
        <translation>连接 {where} 被拒绝：那里没有 chatapp 服务器在监听。请检查端口，并确认服务器已启动。</translation>
    </message>
    <message>
        <source>The other side closed the connection.</source>
        <translation>对方关闭了连接。</translation>
    </message>
    <message>
        <source>The host &apos;{host}&apos; was not found. Check the name, or type the server&apos;s IP address.</source>
        <translation>找不到主机“{host}”。请检查名称，或直接输入服务器的 IP 地址。</translation>
    </message>
    <message>
        <source>Connecting to {where} timed out. Is the address right, and does a firewall on the server allow the port?</source>
        <translation>连接 {where} 超时。地址是否正确？服务器上的防火墙是否放行了该端口？</translation>
    </message>
    <message>
        <source>The network failed (cable, Wi-Fi or route). Check the connection and try again.</source>
        <translation>网络故障（网线、Wi-Fi 或路由）。请检查网络连接后重试。</translation>
    </message>
    <message>
        <source>Port {port} is already in use on this machine, perhaps by another server. Stop it or choose another port.</source>
        <translation>本机端口 {port} 已被占用，可能是另一个服务器。请先停止它，或换一个端口。</translation>
    </message>
    <message>
        <source>The address {host} does not belong to this machine. Use 0.0.0.0 to listen on all addresses.</source>
        <translation>地址 {host} 不属于本机。使用 0.0.0.0 可在所有地址上监听。</translation>
    </message>
    <message>
        <source>Not allowed to use {where}: ports below 1024 need administrator rights.</source>
        <translation>无权使用 {where}：1024 以下的端口需要管理员权限。</translation>
    </message>
    <message>
        <source>The system ran out of sockets or memory.</source>
        <translation>系统的套接字或内存已耗尽。</translation>
    </message>
    <message>
        <source>Network error: {detail}</source>
        <translation>网络错误：{detail}</translation>
    </message>
</context>
<context>
    <name>StateDiagramPage</name>
    <message>
        <source>this end</source>
        <translation>本端</translation>
    </message>
    <message>
        <source>peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>Click a state to see what it means. The peer&apos;s state shows when it runs on this machine (the kernel here knows both ends).</source>
        <translation>点击某个状态可查看其含义。对端也在本机上运行时会显示它的状态（这里的内核知道两端的情况）。</translation>
    </message>
    <message>
        <source>Click a state to see what it means.</source>
        <translation>点击某个状态可查看其含义。</translation>
    </message>
    <message>
        <source>What the state means</source>
        <translation>状态的含义</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Save the diagram as PNG or SVG, for slides</source>
        <translation>将状态图保存为 PNG 或 SVG，用于幻灯片</translation>
    </message>
    <message>
        <source>Export the TCP state diagram</source>
        <translation>导出 TCP 状态图</translation>
    </message>
    <message>
        <source>SVG image (*.svg);;PNG image (*.png)</source>
        <translation>SVG 图像 (*.svg);;PNG 图像 (*.png)</translation>
    </message>
</context>
<context>
    <name>StatePanel</name>
    <message>
        <source>This side sent SYN and waits for the other side&apos;s SYN+ACK.</source>
        <translation>本端已发送 SYN，正在等待对方的 SYN+ACK。</translation>
    </message>
    <message>
        <source>SYN received, SYN+ACK sent; waiting for the final ACK.</source>
        <translation>已收到 SYN 并回复 SYN+ACK，正在等待最后的 ACK。</translation>
    </message>
    <message>
        <source>The connection is open: both sides can send.</source>
        <translation>连接已建立：双方都可以发送数据。</translation>
    </message>
    <message>
        <source>This side closed first and sent FIN; waiting for its ACK.</source>
        <translation>本端先关闭并发送了 FIN，正在等待对方的 ACK。</translation>
    </message>
    <message>
        <source>Our FIN was acknowledged; waiting for the other side to close too.</source>
        <translation>本端的 FIN 已被确认，正在等待对方也关闭。</translation>
    </message>
    <message>
        <source>The other side closed (FIN received); this side has not closed yet.</source>
        <translation>对方已关闭（收到 FIN），本端尚未关闭。</translation>
    </message>
    <message>
        <source>Both sides closed at the same moment.</source>
        <translation>双方同时关闭。</translation>
    </message>
    <message>
        <source>This side closed second; waiting for the ACK of its FIN.</source>
        <translation>本端后关闭，正在等待对方确认本端的 FIN。</translation>
    </message>
    <message>
        <source>This side closed first. The kernel keeps the address pair for a while (60 s on Linux) so that late packets cannot confuse a new connection.</source>
        <translation>本端先关闭。内核会保留这对地址一段时间（Linux 上为 60 秒），以免迟到的数据包干扰新的连接。</translation>
    </message>
    <message>
        <source>The kernel has no socket left for this connection.</source>
        <translation>内核中已没有这个连接的套接字。</translation>
    </message>
    <message>
        <source>A server socket waits for connections: listen() was called.</source>
        <translation>服务器套接字正在等待连接：已调用 listen()。</translation>
    </message>
    <message>
        <source>Not known yet: the kernel is asked twice a second.</source>
        <translation>暂未知：每秒向内核查询两次。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>on: idle %1 s, every %2 s, %3 probes</source>
        <translation>开启：空闲 %1 秒后探测，每 %2 秒一次，共 %3 次</translation>
    </message>
    <message>
        <source>no pings; idle timeout %1 s</source>
        <translation>不发送 ping；空闲超时 %1 秒</translation>
    </message>
    <message>
        <source>ping every %1 s, timeout %2 s</source>
        <translation>每 %1 秒 ping 一次，超时 %2 秒</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>存活</translation>
    </message>
    <message>
        <source>late: nothing heard for a while</source>
        <translation>延迟：一段时间没有收到数据</translation>
    </message>
    <message>
        <source>dead: no answer in time</source>
        <translation>失效：没有及时回应</translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Qt socket state</source>
        <translation>Qt 套接字状态</translation>
    </message>
    <message>
        <source>Winsock State</source>
        <translation>Winsock State 值</translation>
    </message>
    <message>
        <source>Kernel TCP state</source>
        <translation>内核 TCP 状态</translation>
    </message>
    <message>
        <source>Local endpoint</source>
        <translation>本地端点</translation>
    </message>
    <message>
        <source>Peer endpoint</source>
        <translation>对端端点</translation>
    </message>
    <message>
        <source>Connected since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <source>Bytes in / out</source>
        <translation>收 / 发字节</translation>
    </message>
    <message>
        <source>Messages in / out</source>
        <translation>收 / 发消息</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>TCP keepalive</source>
        <translation>TCP 保活</translation>
    </message>
    <message>
        <source>The kernel&apos;s own probe of a silent peer, as set on this socket: after the idle time it sends a probe, repeats it at the interval, and drops the connection when that many go unanswered.</source>
        <translation>内核对沉默对端的探测，即本套接字上的设置：空闲时间过后发送探测包，按间隔重复，连续这么多次无应答就断开连接。</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>心跳</translation>
    </message>
    <message>
        <source>chatapp&apos;s own ping and pong: the other side is late after two intervals without a sign of life, and dead at the timeout.</source>
        <translation>chatapp 自己的 ping/pong：两个间隔内没有任何动静即为“延迟”，到达超时时间即为“失效”。</translation>
    </message>
    <message>
        <source>Liveness</source>
        <translation>存活状态</translation>
    </message>
    <message>
        <source>Round trip</source>
        <translation>往返时间</translation>
    </message>
    <message>
        <source>Qt state:</source>
        <translation>Qt 状态：</translation>
    </message>
    <message>
        <source>Winsock State:</source>
        <translation>Winsock State：</translation>
    </message>
    <message>
        <source>Kernel TCP:</source>
        <translation>内核 TCP：</translation>
    </message>
    <message>
        <source>Local:</source>
        <translation>本地：</translation>
    </message>
    <message>
        <source>Peer:</source>
        <translation>对端：</translation>
    </message>
    <message>
        <source>Since:</source>
        <translation>连接于：</translation>
    </message>
    <message>
        <source>Bytes in/out:</source>
        <translation>收/发字节：</translation>
    </message>
    <message>
        <source>Messages in/out:</source>
        <translation>收/发消息：</translation>
    </message>
    <message>
        <source>Send queue:</source>
        <translation>发送队列：</translation>
    </message>
    <message>
        <source>TCP keepalive:</source>
        <translation>TCP 保活：</translation>
    </message>
    <message>
        <source>Heartbeat:</source>
        <translation>心跳：</translation>
    </message>
    <message>
        <source>Liveness:</source>
        <translation>存活状态：</translation>
    </message>
    <message>
        <source>Round trip:</source>
        <translation>往返时间：</translation>
    </message>
    <message>
        <source>Diagram</source>
        <translation>状态图</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>State timeline</source>
        <translation>状态时间线</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>+ms</source>
        <translation>+毫秒</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Winsock</source>
        <translation>Winsock</translation>
    </message>
    <message>
        <source>No connection selected</source>
        <translation>未选中连接</translation>
    </message>
    <message>
        <source>No connection selected.</source>
        <translation>未选择连接。</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>peer kernel</source>
        <translation>对端内核</translation>
    </message>
    <message>
        <source>Only while the connection is open.</source>
        <translation>仅在连接打开期间可用。</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
</context>
<context>
    <name>StickyPacketsPage</name>
    <message>
        <source>Choose a burst and send it.</source>
        <translation>选择一批消息并发送。</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Messages ended</source>
        <translation>结束的消息</translation>
    </message>
    <message>
        <source>Start of the bytes</source>
        <translation>字节开头</translation>
    </message>
    <message>
        <source>Reads, one row per recv()</source>
        <translation>读取记录，每次 recv() 一行</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Messages the framing recovered</source>
        <translation>分帧还原出的消息</translation>
    </message>
    <message>
        <source>Each read (recv) the receiver made</source>
        <translation>接收端进行的每次读取（recv）</translation>
    </message>
    <message>
        <source>The messages the framing recovered</source>
        <translation>分帧还原出的各条消息</translation>
    </message>
    <message>
        <source>The selected read&apos;s bytes in hex</source>
        <translation>所选读取的字节（十六进制）</translation>
    </message>
    <message>
        <source>Sticky and split packets</source>
        <translation>粘包与拆包</translation>
    </message>
    <message>
        <source>Listening on port %1: start the sender on the other machine.</source>
        <translation>正在端口 %1 上监听：请在另一台机器上启动发送端。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Messages sent: %1 (%2 bytes on the wire). Reads: %3. Messages the framing “%4” recovered: %5.</source>
        <translation>已发送消息：%1 条（线路上 %2 字节）。读取次数：%3。分帧方式“%4”还原出的消息：%5 条。</translation>
    </message>
    <message>
        <source>✔ Exactly the messages sent.</source>
        <translation>✔ 与发送的消息完全一致。</translation>
    </message>
    <message>
        <source>✘ Not the messages that were sent.</source>
        <translation>✘ 与发送的消息不一致。</translation>
    </message>
</context>
<context>
    <name>StickyPacketsSteps</name>
    <message>
        <source>TCP carries a stream, not messages</source>
        <translation>TCP 传输的是字节流，不是消息</translation>
    </message>
    <message>
        <source>&lt;p&gt;A program calls &lt;code&gt;send()&lt;/code&gt; once per message, but TCP keeps no boundaries: the receiver&apos;s &lt;code&gt;recv()&lt;/code&gt; returns whatever bytes have arrived, up to the size it asked for.&lt;/p&gt;&lt;p&gt;So one read may hold several messages glued together (&lt;b&gt;sticky packets&lt;/b&gt;, 粘包) or only part of one (&lt;b&gt;split packets&lt;/b&gt;, 拆包). This lab sends real bursts over a real TCP connection and lists every read as its own row.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;Next&lt;/b&gt; (or Page Down) to send the first burst.&lt;/p&gt;</source>
        <translation>&lt;p&gt;程序每条消息调用一次 &lt;code&gt;send()&lt;/code&gt;，但 TCP 不保留消息边界：接收方的 &lt;code&gt;recv()&lt;/code&gt; 返回已经到达的所有字节，最多为它请求的大小。&lt;/p&gt;&lt;p&gt;因此一次读取可能包含粘在一起的几条消息（&lt;b&gt;粘包&lt;/b&gt;，sticky packets），也可能只有一条消息的一部分（&lt;b&gt;拆包&lt;/b&gt;，split packets）。本实验通过真实的 TCP 连接发送真实的一批批消息，并把每次读取单独列为一行。&lt;/p&gt;&lt;p&gt;按&lt;b&gt;下一步&lt;/b&gt;（或 Page Down）发送第一批消息。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A late reader: messages stick together</source>
        <translation>接收方读得晚：消息粘在一起</translation>
    </message>
    <message>
        <source>&lt;p&gt;Ten messages of 12 bytes were sent, but the receiver was busy and read only once they had all arrived. The kernel kept them in the socket&apos;s receive buffer, and one &lt;code&gt;recv()&lt;/code&gt; returned all of them.&lt;/p&gt;&lt;p&gt;Without framing the program takes each read for one message: it sees &lt;b&gt;one&lt;/b&gt; message where ten were sent. Click a read to see its bytes.&lt;/p&gt;</source>
        <translation>&lt;p&gt;发送了十条 12 字节的消息，但接收方正忙，等它们全部到达后才读取。内核把它们保存在套接字的接收缓冲区中，一次 &lt;code&gt;recv()&lt;/code&gt; 就返回了全部消息。&lt;/p&gt;&lt;p&gt;没有分帧时，程序把每次读取当作一条消息：发送了十条，它却只看到&lt;b&gt;一条&lt;/b&gt;。点击某次读取可查看其字节。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Nagle&apos;s algorithm merges small writes</source>
        <translation>Nagle 算法合并小块写入</translation>
    </message>
    <message>
        <source>&lt;p&gt;With Nagle&apos;s algorithm on (the default), the sender&apos;s kernel holds a small segment back while an earlier one is still unacknowledged, and sends what gathered in one segment.&lt;/p&gt;&lt;p&gt;On one machine the acknowledgements come back within microseconds, so the effect is small and changes from run to run; across a network it is plain. Untick Nagle (the program sets &lt;code&gt;TCP_NODELAY&lt;/code&gt;) and send again to compare.&lt;/p&gt;</source>
        <translation>&lt;p&gt;开启 Nagle 算法时（默认开启），只要之前的报文段还未被确认，发送方内核就会暂缓发送小报文段，再把积攒的数据合成一个报文段发出。&lt;/p&gt;&lt;p&gt;在同一台机器上，确认在几微秒内就会返回，所以效果不明显，每次运行的结果也不一样；跨网络时则很明显。取消勾选 Nagle（程序会设置 &lt;code&gt;TCP_NODELAY&lt;/code&gt;）后再发送一次，对比一下。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Paced sends, waiting reader: one read per message</source>
        <translation>间隔发送，接收方等待：每次读取一条消息</translation>
    </message>
    <message>
        <source>&lt;p&gt;Now the sender waits 100 ms between messages, Nagle is off and the receiver is blocked in &lt;code&gt;recv()&lt;/code&gt;: each message arrives alone and each read returns exactly one.&lt;/p&gt;&lt;p&gt;This is why a program without framing seems to work while it is tested by hand, and fails under load, on a slow network or when the reader is busy.&lt;/p&gt;</source>
        <translation>&lt;p&gt;现在发送方每两条消息之间等待 100 ms，Nagle 已关闭，接收方阻塞在 &lt;code&gt;recv()&lt;/code&gt; 中：每条消息单独到达，每次读取恰好返回一条。&lt;/p&gt;&lt;p&gt;这就是为什么没有分帧的程序在手动测试时似乎一切正常，却会在高负载、慢速网络或接收方忙碌时出错。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Framing by a newline</source>
        <translation>以换行符分帧</translation>
    </message>
    <message>
        <source>&lt;p&gt;The same late reader, but each message now ends with a newline (&lt;code&gt;\n&lt;/code&gt;, in green). The receiver keeps the bytes in a buffer and hands out a message each time it finds a newline: ten messages again, however the reads fell.&lt;/p&gt;&lt;p&gt;chatapp itself sends one JSON object per line. The delimiter must never appear inside a message: a newline in a chat text is escaped.&lt;/p&gt;</source>
        <translation>&lt;p&gt;同样是读得晚的接收方，但现在每条消息都以换行符结尾（&lt;code&gt;\n&lt;/code&gt;，绿色）。接收方把字节保存在缓冲区中，每找到一个换行符就交出一条消息：无论读取怎样划分，得到的又是十条消息。&lt;/p&gt;&lt;p&gt;chatapp 本身每行发送一个 JSON 对象。分隔符绝不能出现在消息内部：聊天文本中的换行符会被转义。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A length prefix, in network byte order</source>
        <translation>长度前缀，采用网络字节序</translation>
    </message>
    <message>
        <source>&lt;p&gt;Each message now starts with a 4-byte header (in yellow) that says how many bytes follow. The receiver reads the header, then waits for exactly that many bytes.&lt;/p&gt;&lt;p&gt;The header is &lt;b&gt;big-endian&lt;/b&gt;, the &lt;b&gt;network byte order&lt;/b&gt;: the most significant byte comes first. A PC keeps numbers little-endian in memory, so the sender converts with &lt;code&gt;htonl()&lt;/code&gt; and the receiver with &lt;code&gt;ntohl()&lt;/code&gt;. Below the hex view, the same four bytes are read both ways.&lt;/p&gt;</source>
        <translation>&lt;p&gt;现在每条消息以一个 4 字节的头部（黄色）开始，说明后面还有多少字节。接收方先读头部，再等待恰好这么多字节。&lt;/p&gt;&lt;p&gt;头部采用&lt;b&gt;大端&lt;/b&gt;，即&lt;b&gt;网络字节序&lt;/b&gt;：最高有效字节在前。PC 在内存中以小端方式存放数字，所以发送方用 &lt;code&gt;htonl()&lt;/code&gt; 转换，接收方用 &lt;code&gt;ntohl()&lt;/code&gt; 转换。十六进制视图下方把同样的四个字节按两种方式解读。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Fixed-size messages</source>
        <translation>固定长度的消息</translation>
    </message>
    <message>
        <source>&lt;p&gt;When both sides agree that every message has the same size, the receiver only counts bytes: every 12 bytes are one message.&lt;/p&gt;&lt;p&gt;Simple and fast, but short messages must be padded and long ones cannot be sent: real protocols use it for fixed headers, followed by a length.&lt;/p&gt;</source>
        <translation>&lt;p&gt;如果双方约定每条消息大小相同，接收方只需数字节：每 12 字节就是一条消息。&lt;/p&gt;&lt;p&gt;简单又快，但短消息必须填充，长消息则无法发送：实际的协议用它来定义固定长度的头部，头部后面再跟一个长度。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A large message splits into many reads</source>
        <translation>大消息被拆成多次读取</translation>
    </message>
    <message>
        <source>&lt;p&gt;One &lt;code&gt;send()&lt;/code&gt; of 1 MiB. It arrives in many reads: each &lt;code&gt;recv()&lt;/code&gt; asks for at most %1 bytes and gets what had arrived by then (&lt;b&gt;split packets&lt;/b&gt;, 拆包).&lt;/p&gt;&lt;p&gt;The column &lt;i&gt;Messages ended&lt;/i&gt; stays 0 until the last read: the length-prefix framer keeps collecting until the whole message is there, then hands it out once.&lt;/p&gt;</source>
        <translation>&lt;p&gt;一次 &lt;code&gt;send()&lt;/code&gt; 发送 1 MiB。它分多次读取才收完：每次 &lt;code&gt;recv()&lt;/code&gt; 最多请求 %1 字节，得到的是此时已经到达的数据（&lt;b&gt;拆包&lt;/b&gt;，split packets）。&lt;/p&gt;&lt;p&gt;&lt;i&gt;结束的消息&lt;/i&gt;一列在最后一次读取之前一直是 0：长度前缀分帧器会一直收集，直到整条消息到齐，才一次性交出。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A hostile length header</source>
        <translation>恶意的长度头部</translation>
    </message>
    <message>
        <source>&lt;p&gt;A length header comes from the other side: it cannot be trusted. &lt;code&gt;ff ff ff ff&lt;/code&gt; announces 4 294 967 295 bytes; a receiver that believes it waits for 4 GiB and keeps buffering. This sender starts its burst with exactly that.&lt;/p&gt;&lt;p&gt;A careful framer has a limit (here %1 bytes) and refuses a larger header at once, with a sentence, and the connection is closed. chatapp&apos;s own newline framing does the same for a line that never ends.&lt;/p&gt;</source>
        <translation>&lt;p&gt;长度头部来自对方：不可轻信。&lt;code&gt;ff ff ff ff&lt;/code&gt; 声称有 4 294 967 295 字节；相信它的接收方会等待 4 GiB，并不停地缓存数据。本发送方在这批消息的开头发送的正是这个头部。&lt;/p&gt;&lt;p&gt;谨慎的分帧器设有上限（这里是 %1 字节），会立即拒绝更大的头部并给出一句说明，然后关闭连接。chatapp 自己的换行分帧对一行永远不结束的数据也是这样处理的。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Between two machines</source>
        <translation>在两台机器之间</translation>
    </message>
    <message>
        <source>&lt;p&gt;In the list beside &lt;b&gt;Framing&lt;/b&gt;, choose &lt;i&gt;Only the receiver here&lt;/i&gt; on one machine (listen on 0.0.0.0 and a port, say 5000) and &lt;i&gt;Only the sender here&lt;/i&gt; on the other (send to the first machine&apos;s address and that port), with the same message size and framing on both.&lt;/p&gt;&lt;p&gt;Across a real network Nagle&apos;s algorithm and the reader&apos;s timing merge messages much more often than on one machine. A firewall on the receiving machine must let the port in.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在&lt;b&gt;分帧&lt;/b&gt;旁边的列表中，一台机器选择&lt;i&gt;本机只做接收端&lt;/i&gt;（监听 0.0.0.0 和一个端口，比如 5000），另一台选择&lt;i&gt;本机只做发送端&lt;/i&gt;（发送到第一台机器的地址和该端口），两边的消息大小和分帧方式要相同。&lt;/p&gt;&lt;p&gt;在真实网络中，Nagle 算法和接收方的读取时机比在同一台机器上更容易把消息合并在一起。接收方机器上的防火墙必须放行该端口。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>SubnetScan</name>
    <message>
        <source>The network {subnet} is too large to scan politely; only the {count} addresses of {scanned} around this machine were tried.</source>
        <translation>网络 {subnet} 太大，不便逐个扫描；只尝试了本机附近 {scanned} 内的 {count} 个地址。</translation>
    </message>
</context>
<context>
    <name>TcpInfoSection</name>
    <message>
        <source>TCP_INFO (measured by the kernel)</source>
        <translation>TCP_INFO（由内核测量）</translation>
    </message>
    <message>
        <source>Read from the socket with TCP_INFO (Linux), SIO_TCP_INFO (Windows) or TCP_CONNECTION_INFO (macOS), twice a second</source>
        <translation>每秒两次通过 TCP_INFO（Linux）、SIO_TCP_INFO（Windows）或 TCP_CONNECTION_INFO（macOS）从套接字读取</translation>
    </message>
    <message>
        <source>TCP_INFO note</source>
        <translation>TCP_INFO 说明</translation>
    </message>
    <message>
        <source>Smoothed round trip</source>
        <translation>平滑往返时间</translation>
    </message>
    <message>
        <source>Retransmissions</source>
        <translation>重传次数</translation>
    </message>
    <message>
        <source>Congestion window</source>
        <translation>拥塞窗口</translation>
    </message>
    <message>
        <source>Bytes in flight</source>
        <translation>在途字节</translation>
    </message>
    <message>
        <source>Not sent yet</source>
        <translation>尚未发送</translation>
    </message>
    <message>
        <source>Peer&apos;s receive window</source>
        <translation>对端的接收窗口</translation>
    </message>
    <message>
        <source>Our receive window</source>
        <translation>本端的接收窗口</translation>
    </message>
    <message>
        <source>Smoothed RTT:</source>
        <translation>平滑 RTT：</translation>
    </message>
    <message>
        <source>The kernel&apos;s running average of the round trip, ± its variation</source>
        <translation>内核对往返时间的滑动平均值，± 其波动</translation>
    </message>
    <message>
        <source>Retransmissions:</source>
        <translation>重传次数：</translation>
    </message>
    <message>
        <source>Segments sent again because no ACK came in time</source>
        <translation>因未及时收到 ACK 而重新发送的报文段</translation>
    </message>
    <message>
        <source>Congestion window:</source>
        <translation>拥塞窗口：</translation>
    </message>
    <message>
        <source>How much this side may have unacknowledged before waiting</source>
        <translation>本端在停下等待之前最多可以有多少未确认的数据</translation>
    </message>
    <message>
        <source>Bytes in flight:</source>
        <translation>在途字节：</translation>
    </message>
    <message>
        <source>Sent and not yet acknowledged by the other side</source>
        <translation>已发送但尚未被对方确认</translation>
    </message>
    <message>
        <source>Not sent yet:</source>
        <translation>尚未发送：</translation>
    </message>
    <message>
        <source>Waiting in the kernel&apos;s send buffer: the peer&apos;s window is full</source>
        <translation>在内核的发送缓冲区中等待：对端的窗口已满</translation>
    </message>
    <message>
        <source>Peer&apos;s window:</source>
        <translation>对端窗口：</translation>
    </message>
    <message>
        <source>How much more the other side said it can take (its receive window)</source>
        <translation>对方声明它还能接收多少数据（它的接收窗口）</translation>
    </message>
    <message>
        <source>Our window:</source>
        <translation>本端窗口：</translation>
    </message>
    <message>
        <source>How much more this side can take, as it tells the peer</source>
        <translation>本端还能接收多少数据（即告知对端的值）</translation>
    </message>
    <message>
        <source>No connection selected</source>
        <translation>未选中连接</translation>
    </message>
    <message>
        <source>Not available on this system.</source>
        <translation>在此系统上不可用。</translation>
    </message>
    <message>
        <source>%1 in total</source>
        <translation>共 %1 次</translation>
    </message>
    <message>
        <source>%1 now, %2</source>
        <translation>当前 %1 次，%2</translation>
    </message>
    <message>
        <source>%1 segments (%2)</source>
        <translation>%1 个报文段（%2）</translation>
    </message>
</context>
<context>
    <name>TcpStateDiagram</name>
    <message>
        <source>TCP state diagram</source>
        <translation>TCP 状态图</translation>
    </message>
</context>
<context>
    <name>TcpVsUdpLab</name>
    <message>
        <source>&apos;{host}&apos; is not an IP address (like 192.168.1.20).</source>
        <translation>“{host}”不是 IP 地址（例如 192.168.1.20）。</translation>
    </message>
    <message>
        <source>Datagrams: no connection, no state</source>
        <translation>数据报：没有连接，没有状态</translation>
    </message>
    <message>
        <source>UDP sends each message as a datagram of its own: no handshake first, no connection, nothing remembered at either end, and the sender never learns whether anything arrived. Here the relay is clean, so on one machine every datagram arrives, in order, just like over TCP.&lt;br&gt;With two machines, press &lt;i&gt;Receive for another machine&lt;/i&gt; on one and type its address as the receiver on the other.</source>
        <translation>UDP 把每条消息作为一个独立的数据报发送：事先没有握手，没有连接，两端都不记录任何状态，发送方也永远不知道数据是否到达。这里的中继是干净的，所以在同一台机器上每个数据报都按顺序到达，和 TCP 一样。&lt;br&gt;使用两台机器时，在一台上按&lt;i&gt;为另一台机器接收&lt;/i&gt;，在另一台上把它的地址填为接收方地址。</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>丢包</translation>
    </message>
    <message>
        <source>The relay now drops 10 % of the datagrams, as a crowded Wi-Fi or a full router queue would. Plain UDP&apos;s column shows the gaps in red: nobody noticed and nobody sent them again. TCP&apos;s column is complete. A program cannot drop TCP segments, it only ever sees bytes; to lose segments the kernel must do it (on Linux: &lt;code&gt;tc qdisc add dev lo root netem loss 10%&lt;/code&gt;), and even then TCP&apos;s own retransmissions hide the loss: only the time grows.</source>
        <translation>中继现在丢弃 10 % 的数据报，就像拥挤的 Wi-Fi 或排满的路由器队列那样。普通 UDP 一栏用红色标出缺口：没有人察觉，也没有人重发。TCP 一栏是完整的。程序无法丢弃 TCP 报文段，它只能看到字节；要丢报文段必须由内核来做（在 Linux 上：&lt;code&gt;tc qdisc add dev lo root netem loss 10%&lt;/code&gt;），即便如此，TCP 自己的重传也会掩盖丢包：只是耗时变长。</translation>
    </message>
    <message>
        <source>Duplication</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>A network may deliver one datagram twice (a link that resends, a route that changes). With 20 % duplication plain UDP hands some messages to the program twice, marked in orange. TCP never does: from its sequence numbers the receiving kernel knows the bytes it already has and throws copies away.</source>
        <translation>网络可能把同一个数据报投递两次（链路重发、路由变化）。在 20 % 重复时，普通 UDP 会把一些消息交给程序两次，用橙色标出。TCP 从不这样：接收方内核根据序号知道哪些字节已经收到，并丢弃副本。</translation>
    </message>
    <message>
        <source>Reordering</source>
        <translation>乱序</translation>
    </message>
    <message>
        <source>Datagrams travel on their own and may overtake each other. The relay holds 30 % of them back by up to 60 ms: UDP&apos;s column shows the late ones in blue. TCP puts the bytes back in order before the program sees them, so one missing segment holds up everything behind it (head-of-line blocking).</source>
        <translation>数据报各自传输，可能互相超越。中继把其中 30 % 延后最多 60 毫秒：UDP 一栏用蓝色标出迟到的消息。TCP 在程序看到字节之前把它们重新排好顺序，所以一个缺失的报文段会挡住它后面的所有数据（队头阻塞）。</translation>
    </message>
    <message>
        <source>What TCP guarantees</source>
        <translation>TCP 保证了什么</translation>
    </message>
    <message>
        <source>TCP gives the program every byte, once and in order, or an error when the connection fails. It keeps no message boundaries (lab 1 shows that), and it pays in time: compare &lt;i&gt;Time to deliver&lt;/i&gt; as loss and delay grow. Here everything at once: 10 % loss, 10 % duplication, 20 % reordering and 20 ms of delay each way.</source>
        <translation>TCP 把每个字节恰好一次、按顺序交给程序，连接失败时则给出错误。它不保留消息边界（实验 1 演示了这一点），代价是时间：随着丢包和延迟增加，比较&lt;i&gt;送达耗时&lt;/i&gt;。这里同时开启所有情况：10 % 丢包、10 % 重复、20 % 乱序以及单程 20 毫秒延迟。</translation>
    </message>
    <message>
        <source>Reliability built on UDP, and its cost</source>
        <translation>在 UDP 上构建可靠性及其代价</translation>
    </message>
    <message>
        <source>The third column is UDP with a small layer on top, as QUIC or a game does: each datagram carries a sequence number, the receiver acknowledges each one (and everything before the first gap), the sender resends what is not acknowledged within a timeout measured from the round trip, and the receiver drops copies and holds early ones until the gap is filled. Everything arrives, once, in order. The cost is in the counters: more datagrams than messages, an ack for each, and extra time for every resend.</source>
        <translation>第三栏是在 UDP 之上加了一层小协议，就像 QUIC 或游戏所做的那样：每个数据报带有序号，接收方确认每一个（以及第一个缺口之前的全部），发送方重发在超时时间内未被确认的数据报（超时时间根据往返时间测得），接收方丢弃副本并暂存提前到达的数据报，直到缺口被填上。所有消息都恰好一次、按顺序到达。代价体现在计数器里：数据报比消息多，每个都有一个 ACK，每次重发都要额外的时间。</translation>
    </message>
</context>
<context>
    <name>TcpVsUdpPage</name>
    <message>
        <source>&amp;Send the messages</source>
        <translation>发送消息(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Receive for another machine</source>
        <translation>为另一台机器接收(&amp;R)</translation>
    </message>
    <message>
        <source>TCP versus UDP</source>
        <translation>TCP 与 UDP 对比</translation>
    </message>
    <message>
        <source>Sending %1 messages…</source>
        <translation>正在发送 %1 条消息…</translation>
    </message>
    <message>
        <source>Sending to %1: what arrives shows on that machine&apos;s lab page.</source>
        <translation>正在发送到 %1：收到的内容显示在那台机器的实验页面上。</translation>
    </message>
    <message>
        <source>Done. Plain UDP delivered %1 of %2; UDP with reliability delivered %3, sending %4 datagrams and receiving %5 acks for them.</source>
        <translation>完成。普通 UDP 送达了 %2 条中的 %1 条；带可靠性的 UDP 送达了 %3 条，为此发送了 %4 个数据报，收到了 %5 个确认。</translation>
    </message>
    <message>
        <source>The other machine acknowledged every message.</source>
        <translation>另一台机器确认了每一条消息。</translation>
    </message>
    <message>
        <source>The other machine stopped answering: is &quot;Receive for another machine&quot; on there, and does its firewall let UDP through?</source>
        <translation>另一台机器不再应答：那边是否开启了“为另一台机器接收”？它的防火墙是否放行 UDP？</translation>
    </message>
    <message>
        <source>Waiting for another machine on ports %1 (TCP), %2 (UDP) and %3 (reliable UDP).</source>
        <translation>正在等待另一台机器，端口 %1（TCP）、%2（UDP）和 %3（可靠 UDP）。</translation>
    </message>
    <message>
        <source>Receiving from %1.</source>
        <translation>正在接收来自 %1 的数据。</translation>
    </message>
</context>
<context>
    <name>UserList</name>
    <message>
        <source>People in the room</source>
        <translation>聊天室中的用户</translation>
    </message>
    <message>
        <source>Double-click a name to send a private message</source>
        <translation>双击用户名可发送私信</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1（你）</translation>
    </message>
</context>
<context>
    <name>_OnTheLoop</name>
    <message>
        <source>mDNS is off: there is no network interface to use.</source>
        <translation>mDNS 已关闭：没有可用的网络接口。</translation>
    </message>
    <message>
        <source>mDNS could not start (%1); the UDP beacon still works.</source>
        <translation>mDNS 无法启动（%1）；UDP 信标仍可使用。</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>&amp;Discovery settings…</source>
        <translation>自动发现设置(&amp;D)…</translation>
    </message>
</context>
</TS>
