<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <message>
        <source>The language changes the next time the window opens.</source>
        <translation>语言将在下次打开窗口时生效。</translation>
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
        <source>On this &amp;network</source>
        <translation>本网络中(&amp;N)</translation>
    </message>
    <message>
        <source>Servers on this network</source>
        <translation>本网络中的服务器</translation>
    </message>
    <message>
        <source>Servers found on this network will be listed here.</source>
        <translation>在本网络中找到的服务器会列在这里。</translation>
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
        <source>&amp;Filter</source>
        <translation>筛选(&amp;F)</translation>
    </message>
    <message>
        <source>Choose which kinds of events to show</source>
        <translation>选择要显示的事件类型</translation>
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
        <source>kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
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
</TS>
