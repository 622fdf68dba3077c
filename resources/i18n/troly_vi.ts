<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
    <context>
        <name>ChatView</name>
        <message>
            <source>Conversation transcript</source>
            <translation>Nội dung cuộc hội thoại</translation>
        </message>
        <message>
            <source>Ask a question below. Replies are generated on this computer; nothing is sent over the network.</source>
            <translation>Hãy đặt câu hỏi ở ô bên dưới. Câu trả lời được tạo ngay trên máy tính này; không có dữ liệu nào được gửi qua mạng.</translation>
        </message>
        <message>
            <source>Question</source>
            <translation>Câu hỏi</translation>
        </message>
        <message>
            <source>Type your question. Enter sends, Shift+Enter starts a new line.</source>
            <translation>Nhập câu hỏi. Nhấn Enter để gửi, Shift+Enter để xuống dòng.</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Gửi</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Dừng</translation>
        </message>
        <message>
            <source>Stop the reply (Esc)</source>
            <translation>Dừng câu trả lời (Esc)</translation>
        </message>
        <message>
            <source>Hint</source>
            <translation>Gợi ý</translation>
        </message>
        <message>
            <source>The model is still loading. You can type your question meanwhile.</source>
            <translation>Mô hình đang được nạp. Trong lúc chờ, bạn có thể nhập trước câu hỏi.</translation>
        </message>
        <message>
            <source>Wait for the reply to finish, or press Stop.</source>
            <translation>Vui lòng chờ câu trả lời kết thúc hoặc nhấn Dừng.</translation>
        </message>
        <message>
            <source>Send the question (Enter)</source>
            <translation>Gửi câu hỏi (Enter)</translation>
        </message>
        <message>
            <source>You</source>
            <translation>Bạn</translation>
        </message>
        <message>
            <source>TroLy</source>
            <translation>TroLy</translation>
        </message>
    </context>
    <context>
        <name>ConversationList</name>
        <message>
            <source>Conversations</source>
            <translation>Cuộc hội thoại</translation>
        </message>
        <message>
            <source>Conversation list</source>
            <translation>Danh sách cuộc hội thoại</translation>
        </message>
        <message>
            <source>New</source>
            <translation>Tạo mới</translation>
        </message>
        <message>
            <source>New conversation</source>
            <translation>Cuộc hội thoại mới</translation>
        </message>
        <message>
            <source>Start a new conversation (Ctrl+N)</source>
            <translation>Bắt đầu cuộc hội thoại mới (Ctrl+N)</translation>
        </message>
        <message>
            <source>Rename</source>
            <translation>Đổi tên</translation>
        </message>
        <message>
            <source>Rename conversation</source>
            <translation>Đổi tên cuộc hội thoại</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Xoá</translation>
        </message>
        <message>
            <source>Delete conversation</source>
            <translation>Xoá cuộc hội thoại</translation>
        </message>
        <message>
            <source>History notice</source>
            <translation>Thông báo về lịch sử</translation>
        </message>
        <message>
            <source>History is not saved: the encrypted store is unavailable.</source>
            <translation>Lịch sử không được lưu: không mở được kho dữ liệu mã hoá.</translation>
        </message>
        <message>
            <source>New title:</source>
            <translation>Tên mới:</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Huỷ</translation>
        </message>
        <message>
            <source>Delete the conversation “{title}” and all its messages? This cannot be undone.</source>
            <translation>Xoá cuộc hội thoại “{title}” cùng toàn bộ tin nhắn? Thao tác này không thể hoàn tác.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>TroLy main window</source>
            <translation>Cửa sổ chính của TroLy</translation>
        </message>
        <message>
            <source>Conversations and chat</source>
            <translation>Danh sách cuộc hội thoại và khung trò chuyện</translation>
        </message>
        <message>
            <source>Menu bar</source>
            <translation>Thanh trình đơn</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Tệp</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Tệp</translation>
        </message>
        <message>
            <source>&amp;New conversation</source>
            <translation>Cuộc hội thoại &amp;mới</translation>
        </message>
        <message>
            <source>&amp;Choose model…</source>
            <translation>&amp;Chọn mô hình…</translation>
        </message>
        <message>
            <source>E&amp;xit</source>
            <translation>&amp;Thoát</translation>
        </message>
        <message>
            <source>&amp;Tools</source>
            <translation>&amp;Công cụ</translation>
        </message>
        <message>
            <source>Tools</source>
            <translation>Công cụ</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>Cài &amp;đặt…</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>Trợ &amp;giúp</translation>
        </message>
        <message>
            <source>Help</source>
            <translation>Trợ giúp</translation>
        </message>
        <message>
            <source>&amp;About TroLy</source>
            <translation>&amp;Giới thiệu TroLy</translation>
        </message>
        <message>
            <source>History is not saved</source>
            <translation>Lịch sử không được lưu</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>Đồng ý</translation>
        </message>
        <message>
            <source>The model could not be loaded</source>
            <translation>Không nạp được mô hình</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Cài đặt</translation>
        </message>
        <message>
            <source>The message could not be saved: {error}</source>
            <translation>Không lưu được tin nhắn: {error}</translation>
        </message>
        <message>
            <source>Writing the reply…</source>
            <translation>Đang soạn câu trả lời…</translation>
        </message>
        <message>
            <source>Stopping…</source>
            <translation>Đang dừng…</translation>
        </message>
        <message>
            <source>(stopped)</source>
            <translation>(đã dừng)</translation>
        </message>
        <message>
            <source>(maximum reply length reached)</source>
            <translation>(đã đạt độ dài tối đa của câu trả lời)</translation>
        </message>
        <message>
            <source>(the model gave no reply)</source>
            <translation>(mô hình không đưa ra câu trả lời)</translation>
        </message>
        <message>
            <source>The oldest turns were left out so the conversation fits the context.</source>
            <translation>Một số lượt hỏi đáp cũ nhất đã được lược bớt để cuộc hội thoại vừa với ngữ cảnh của mô hình.</translation>
        </message>
        <message>
            <source>The reply could not be generated</source>
            <translation>Không tạo được câu trả lời</translation>
        </message>
        <message>
            <source>About TroLy</source>
            <translation>Giới thiệu TroLy</translation>
        </message>
        <message>
            <source>&lt;p&gt;&lt;b&gt;TroLy {version}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;An offline AI assistant for public servants. Everything runs on this computer: no question, document or reply leaves it.&lt;/p&gt;</source>
            <translation>&lt;p&gt;&lt;b&gt;TroLy {version}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Trợ lý AI ngoại tuyến dành cho cán bộ, công chức. Mọi xử lý đều diễn ra trên máy tính này: không câu hỏi, tài liệu hay câu trả lời nào được gửi ra ngoài.&lt;/p&gt;</translation>
        </message>
    </context>
    <context>
        <name>ModelDialog</name>
        <message>
            <source>Choose model</source>
            <translation>Chọn mô hình</translation>
        </message>
        <message>
            <source>Model file</source>
            <translation>Tệp mô hình</translation>
        </message>
        <message>
            <source>No file chosen</source>
            <translation>Chưa chọn tệp</translation>
        </message>
        <message>
            <source>Open file…</source>
            <translation>Mở tệp…</translation>
        </message>
        <message>
            <source>Open a model file</source>
            <translation>Mở tệp mô hình</translation>
        </message>
        <message>
            <source>Verification progress</source>
            <translation>Tiến độ kiểm tra</translation>
        </message>
        <message>
            <source>Checking the file… %p%</source>
            <translation>Đang kiểm tra tệp… %p%</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>Lỗi</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Tên</translation>
        </message>
        <message>
            <source>Architecture</source>
            <translation>Kiến trúc</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>Số tham số</translation>
        </message>
        <message>
            <source>Quantization</source>
            <translation>Lượng tử hoá</translation>
        </message>
        <message>
            <source>Context length (trained)</source>
            <translation>Độ dài ngữ cảnh (khi huấn luyện)</translation>
        </message>
        <message>
            <source>Chat template</source>
            <translation>Mẫu hội thoại</translation>
        </message>
        <message>
            <source>SHA-256</source>
            <translation>Mã băm SHA-256</translation>
        </message>
        <message>
            <source>In the model list</source>
            <translation>Trong danh mục mô hình</translation>
        </message>
        <message>
            <source>File size</source>
            <translation>Kích thước tệp</translation>
        </message>
        <message>
            <source>Estimated RAM</source>
            <translation>RAM cần dùng (ước tính)</translation>
        </message>
        <message>
            <source>Use this model</source>
            <translation>Dùng mô hình này</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Choose a model file</source>
            <translation>Chọn tệp mô hình</translation>
        </message>
        <message>
            <source>GGUF models (*.gguf)</source>
            <translation>Mô hình GGUF (*.gguf)</translation>
        </message>
        <message>
            <source>This file cannot be used: {message}</source>
            <translation>Không dùng được tệp này: {message}</translation>
        </message>
        <message>
            <source>No: not in the model list (allowed, but check where it came from)</source>
            <translation>Không: tệp không có trong danh mục (vẫn được dùng, nhưng hãy kiểm tra nguồn gốc của tệp)</translation>
        </message>
        <message>
            <source>Yes: {name}, SHA-256 matches</source>
            <translation>Có: {name}, mã băm SHA-256 khớp</translation>
        </message>
        <message>
            <source>Known by name ({name}); its SHA-256 is not published yet</source>
            <translation>Có tên trong danh mục ({name}) nhưng mã băm SHA-256 chưa được công bố</translation>
        </message>
        <message>
            <source>{n} tokens</source>
            <translation>{n} token</translation>
        </message>
        <message>
            <source>From the file</source>
            <translation>Có sẵn trong tệp</translation>
        </message>
        <message>
            <source>Not in the file: chosen by architecture or the model list</source>
            <translation>Không có trong tệp: chọn theo kiến trúc hoặc theo danh mục mô hình</translation>
        </message>
        <message>
            <source>about {size} with a context of {n} tokens</source>
            <translation>khoảng {size} với ngữ cảnh {n} token</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>Cài đặt</translation>
        </message>
        <message>
            <source>Temperature</source>
            <translation>Nhiệt độ</translation>
        </message>
        <message>
            <source>Lower is more predictable, higher more varied.</source>
            <translation>Giá trị thấp cho câu trả lời ổn định hơn, giá trị cao cho câu trả lời đa dạng hơn.</translation>
        </message>
        <message>
            <source>Top-p</source>
            <translation>Top-p</translation>
        </message>
        <message>
            <source>Maximum reply length</source>
            <translation>Độ dài tối đa của câu trả lời</translation>
        </message>
        <message>
            <source> tokens</source>
            <translation> token</translation>
        </message>
        <message>
            <source>Context length</source>
            <translation>Độ dài ngữ cảnh</translation>
        </message>
        <message>
            <source>More context remembers longer conversations but needs more memory.</source>
            <translation>Ngữ cảnh dài hơn giúp ghi nhớ cuộc hội thoại dài hơn nhưng cần nhiều bộ nhớ hơn.</translation>
        </message>
        <message>
            <source>Threads</source>
            <translation>Số luồng xử lý</translation>
        </message>
        <message>
            <source>Automatic ({n})</source>
            <translation>Tự động ({n})</translation>
        </message>
        <message>
            <source>System prompt</source>
            <translation>Lời nhắc hệ thống</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Ngôn ngữ</translation>
        </message>
        <message>
            <source>A new language applies when TroLy is restarted.</source>
            <translation>Ngôn ngữ mới được áp dụng khi khởi động lại TroLy.</translation>
        </message>
        <message>
            <source>Language note</source>
            <translation>Ghi chú về ngôn ngữ</translation>
        </message>
        <message>
            <source>Changes to context length and threads reload the model.</source>
            <translation>Khi thay đổi độ dài ngữ cảnh hoặc số luồng xử lý, mô hình sẽ được nạp lại.</translation>
        </message>
        <message>
            <source>Reload note</source>
            <translation>Ghi chú về việc nạp lại mô hình</translation>
        </message>
        <message>
            <source>Temperature:</source>
            <translation>Nhiệt độ:</translation>
        </message>
        <message>
            <source>Top-p:</source>
            <translation>Top-p:</translation>
        </message>
        <message>
            <source>Maximum reply length:</source>
            <translation>Độ dài tối đa của câu trả lời:</translation>
        </message>
        <message>
            <source>Context length:</source>
            <translation>Độ dài ngữ cảnh:</translation>
        </message>
        <message>
            <source>Threads:</source>
            <translation>Số luồng xử lý:</translation>
        </message>
        <message>
            <source>System prompt:</source>
            <translation>Lời nhắc hệ thống:</translation>
        </message>
        <message>
            <source>Language:</source>
            <translation>Ngôn ngữ:</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Lưu</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Huỷ</translation>
        </message>
        <message>
            <source>Restore defaults</source>
            <translation>Khôi phục mặc định</translation>
        </message>
        <message>
            <source>The settings could not be saved: {error}</source>
            <translation>Không lưu được cài đặt: {error}</translation>
        </message>
    </context>
    <context>
        <name>StatusBar</name>
        <message>
            <source>Status bar</source>
            <translation>Thanh trạng thái</translation>
        </message>
        <message>
            <source>Model loading progress</source>
            <translation>Tiến độ nạp mô hình</translation>
        </message>
        <message>
            <source>Model status</source>
            <translation>Trạng thái mô hình</translation>
        </message>
        <message>
            <source>Speed of the last reply</source>
            <translation>Tốc độ của câu trả lời gần nhất</translation>
        </message>
        <message>
            <source>History status</source>
            <translation>Trạng thái lịch sử</translation>
        </message>
        <message>
            <source>Checking the model file…</source>
            <translation>Đang kiểm tra tệp mô hình…</translation>
        </message>
        <message>
            <source>Loading the model…</source>
            <translation>Đang nạp mô hình…</translation>
        </message>
        <message>
            <source>Ready: {name}</source>
            <translation>Sẵn sàng: {name}</translation>
        </message>
        <message>
            <source>Model error (see File &gt; Choose model…)</source>
            <translation>Lỗi mô hình (xem Tệp &gt; Chọn mô hình…)</translation>
        </message>
        <message>
            <source>{n} token/s</source>
            <translation>{n} token/giây</translation>
        </message>
        <message>
            <source>History is not saved</source>
            <translation>Lịch sử không được lưu</translation>
        </message>
    </context>
</TS>
