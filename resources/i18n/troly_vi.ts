<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>AskPage</name>
    <message>
        <source>Forget the questions</source>
        <translation>Xóa các câu đã hỏi</translation>
    </message>
    <message>
        <source>Remove the questions asked of the collection “{name}” and their answers from the history? This cannot be undone.</source>
        <translation>Xóa khỏi lịch sử các câu đã hỏi về bộ tài liệu “{name}” cùng câu trả lời? Không thể hoàn tác.</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Collections and questions</source>
        <translation>Bộ tài liệu và câu hỏi</translation>
    </message>
    <message>
        <source>The answer could not be given</source>
        <translation>Không đưa ra được câu trả lời</translation>
    </message>
</context>
<context>
    <name>AskView</name>
    <message>
        <source>Forget these questions</source>
        <translation>Xóa các câu đã hỏi</translation>
    </message>
    <message>
        <source>Forget the questions asked of this collection</source>
        <translation>Xóa các câu đã hỏi về bộ tài liệu này</translation>
    </message>
    <message>
        <source>Removes the questions and answers of this collection from the history.</source>
        <translation>Xóa các câu hỏi và câu trả lời về bộ tài liệu này khỏi lịch sử.</translation>
    </message>
    <message>
        <source>Citation corrected {old} → {new}: {text}</source>
        <translation>Đã sửa trích dẫn {old} → {new}: {text}</translation>
    </message>
    <message>
        <source>Not supported by the sources: {text}</source>
        <translation>Chưa có căn cứ trong các nguồn: {text}</translation>
    </message>
    <message>
        <source>Removed source numbers that name no source: {numbers}</source>
        <translation>Đã bỏ số nguồn không tồn tại: {numbers}</translation>
    </message>
    <message>
        <source>Collection asked</source>
        <translation>Bộ tài liệu được hỏi</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Các câu trả lời</translation>
    </message>
    <message>
        <source>Ask a question about the documents of the collection. The answer cites the file, page and article it comes from; click a source to see the page.</source>
        <translation>Đặt câu hỏi về các tài liệu trong bộ. Câu trả lời dẫn nguồn: tệp, trang và điều khoản; bấm vào một nguồn để xem trang đó.</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Sources of the answer</source>
        <translation>Nguồn của câu trả lời</translation>
    </message>
    <message>
        <source>Click a source to open its page</source>
        <translation>Bấm vào một nguồn để mở trang của nó</translation>
    </message>
    <message>
        <source>Show the page</source>
        <translation>Xem trang</translation>
    </message>
    <message>
        <source>Show the page of the source</source>
        <translation>Xem trang của nguồn</translation>
    </message>
    <message>
        <source>Open the original file</source>
        <translation>Mở tệp gốc</translation>
    </message>
    <message>
        <source>Opens the source's file in the application your computer uses for it.</source>
        <translation>Mở tệp của nguồn bằng ứng dụng mà máy tính của bạn dùng cho loại tệp đó.</translation>
    </message>
    <message>
        <source>Answers and sources</source>
        <translation>Câu trả lời và nguồn</translation>
    </message>
    <message>
        <source>Question about the documents</source>
        <translation>Câu hỏi về tài liệu</translation>
    </message>
    <message>
        <source>Type your question about the documents. Enter sends.</source>
        <translation>Nhập câu hỏi về tài liệu. Nhấn Enter để gửi.</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Hỏi</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>Dừng câu trả lời (Esc)</translation>
    </message>
    <message>
        <source>Questions are answered from the collection &lt;b&gt;{name}&lt;/b&gt;.</source>
        <translation>Câu hỏi được trả lời từ bộ tài liệu &lt;b&gt;{name}&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Add a folder or files on the left to ask questions about them.</source>
        <translation>Thêm thư mục hoặc tệp ở bên trái để đặt câu hỏi về chúng.</translation>
    </message>
    <message>
        <source>The model is still loading. You can type your question meanwhile.</source>
        <translation>Mô hình đang được nạp. Trong lúc chờ, bạn có thể nhập trước câu hỏi.</translation>
    </message>
    <message>
        <source>Choose or create a collection of documents first.</source>
        <translation>Hãy chọn hoặc tạo một bộ tài liệu trước.</translation>
    </message>
    <message>
        <source>Wait for the answer to finish, or press Stop.</source>
        <translation>Hãy chờ câu trả lời xong, hoặc bấm Dừng.</translation>
    </message>
    <message>
        <source>Ask the question (Enter)</source>
        <translation>Gửi câu hỏi (Enter)</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Câu hỏi</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Trả lời</translation>
    </message>
    <message>
        <source>The selected documents do not contain {laws}.</source>
        <translation>Các tài liệu đã chọn không có {laws}.</translation>
    </message>
    <message>
        <source>No document of the collection holds the word {words}: the answer may not be about what you asked.</source>
        <translation>Không tài liệu nào trong bộ có từ {words}: câu trả lời có thể không đúng điều bạn hỏi.</translation>
    </message>
    <message>
        <source>No passage of the collection matches the question well enough.</source>
        <translation>Không có đoạn nào trong bộ tài liệu đủ khớp với câu hỏi.</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>(đã dừng)</translation>
    </message>
    <message>
        <source>(the model gave no answer)</source>
        <translation>(mô hình không đưa ra câu trả lời)</translation>
    </message>
    <message>
        <source>page ~{page}</source>
        <translation>trang ~{page}</translation>
    </message>
    <message>
        <source>page {page}</source>
        <translation>trang {page}</translation>
    </message>
    <message>
        <source>Not cited in the answer.</source>
        <translation>Không được trích dẫn trong câu trả lời.</translation>
    </message>
    <message>
        <source>Sources found ({n}): the answer is being written from them</source>
        <translation>Nguồn tìm được ({n}): câu trả lời đang được viết từ các nguồn này</translation>
    </message>
    <message>
        <source>Sources ({cited} cited of {n}) — click one to open its page</source>
        <translation>Nguồn ({cited} được trích dẫn trong {n}) — bấm vào một nguồn để xem trang đó</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <source>Conversations and chat</source>
        <translation>Danh sách cuộc hội thoại và khung trò chuyện</translation>
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
        <source>The oldest turns were left out so the conversation fits the context.</source>
        <translation>Một số lượt hỏi đáp cũ nhất đã được lược bớt để cuộc hội thoại vừa với ngữ cảnh của mô hình.</translation>
    </message>
    <message>
        <source>The reply could not be generated</source>
        <translation>Không tạo được câu trả lời</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Đã sao chép.</translation>
    </message>
</context>
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
        <source>Stop the reply (Esc)</source>
        <translation>Dừng câu trả lời (Esc)</translation>
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
        <source>(stopped)</source>
        <translation>(đã dừng)</translation>
    </message>
    <message>
        <source>(maximum reply length reached)</source>
        <translation>(đã đạt độ dài tối đa của câu trả lời)</translation>
    </message>
    <message>
        <source>(the reply was cut short by an error)</source>
        <translation>(câu trả lời bị dừng giữa chừng do lỗi)</translation>
    </message>
    <message>
        <source>(the model gave no reply)</source>
        <translation>(mô hình không đưa ra câu trả lời)</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Bạn</translation>
    </message>
    <message>
        <source>TroLy</source>
        <translation>TroLy</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Sao chép</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Tạo lại</translation>
    </message>
</context>
<context>
    <name>CollectionList</name>
    <message>
        <source>Document collections</source>
        <translation>Bộ tài liệu</translation>
    </message>
    <message>
        <source>Collection list</source>
        <translation>Danh sách bộ tài liệu</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>Tạo mới…</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>Bộ tài liệu mới</translation>
    </message>
    <message>
        <source>Create a new collection of documents</source>
        <translation>Tạo một bộ tài liệu mới</translation>
    </message>
    <message>
        <source>Re-index</source>
        <translation>Lập lại chỉ mục</translation>
    </message>
    <message>
        <source>Re-index the collection</source>
        <translation>Lập lại chỉ mục cho bộ tài liệu</translation>
    </message>
    <message>
        <source>Read the collection's folders and files again: new, changed and removed</source>
        <translation>Đọc lại các thư mục và tệp của bộ tài liệu: tệp mới, tệp đã sửa và tệp đã xóa</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Xóa…</translation>
    </message>
    <message>
        <source>Delete the collection</source>
        <translation>Xóa bộ tài liệu</translation>
    </message>
</context>
<context>
    <name>CollectionsPanel</name>
    <message>
        <source>Collections and files</source>
        <translation>Bộ tài liệu và tệp</translation>
    </message>
    <message>
        <source>No collection yet: add a folder or files to create one.</source>
        <translation>Chưa có bộ tài liệu nào: hãy thêm thư mục hoặc tệp để tạo.</translation>
    </message>
    <message>
        <source>My documents</source>
        <translation>Tài liệu của tôi</translation>
    </message>
    <message>
        <source>Looking for documents…</source>
        <translation>Đang tìm tài liệu…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <source>Analysing what each passage is about: {done} of {total}</source>
        <translation>Đang phân tích nội dung từng đoạn để tìm theo nghĩa: {done}/{total}</translation>
    </message>
    <message>
        <source>File {i} of {n}: {name}</source>
        <translation>Tệp {i}/{n}: {name}</translation>
    </message>
    <message>
        <source>page {page} of {pages}</source>
        <translation>trang {page}/{pages}</translation>
    </message>
    <message>
        <source>{indexed} indexed, {unchanged} unchanged, {failed} failed</source>
        <translation>{indexed} đã lập chỉ mục, {unchanged} không đổi, {failed} lỗi</translation>
    </message>
    <message>
        <source>{count} not readable yet</source>
        <translation>{count} chưa đọc được</translation>
    </message>
    <message>
        <source>Indexing cancelled: {summary}</source>
        <translation>Đã hủy lập chỉ mục: {summary}</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Tài liệu</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>Bộ tài liệu mới</translation>
    </message>
    <message>
        <source>Name of the collection:</source>
        <translation>Tên bộ tài liệu:</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Tạo</translation>
    </message>
    <message>
        <source>Delete the collection</source>
        <translation>Xóa bộ tài liệu</translation>
    </message>
    <message>
        <source>Delete the collection “{name}” and its index? Your files themselves are not touched.</source>
        <translation>Xóa bộ tài liệu “{name}” và chỉ mục của nó? Bản thân các tệp của bạn không bị động đến.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Add a folder of documents</source>
        <translation>Thêm thư mục tài liệu</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>Thêm tài liệu</translation>
    </message>
</context>
<context>
    <name>ConsolidatePage</name>
    <message>
        <source>- The units did not say.</source>
        <translation>- Các đơn vị không nêu nội dung này.</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>Chọn thư mục…</translation>
    </message>
    <message>
        <source>Choose the folder holding the units&apos; reports (PDF, Word, Excel, scans…), then Consolidate. You can correct the table before writing the report.</source>
        <translation>Chọn thư mục chứa báo cáo của các đơn vị (PDF, Word, Excel, bản quét…), rồi bấm Tổng hợp. Bạn có thể sửa bảng trước khi xuất báo cáo.</translation>
    </message>
    <message>
        <source>Consolidate</source>
        <translation>Tổng hợp</translation>
    </message>
    <message>
        <source>Consolidation progress</source>
        <translation>Tiến độ tổng hợp</translation>
    </message>
    <message>
        <source>Consolidation status</source>
        <translation>Trạng thái tổng hợp</translation>
    </message>
    <message>
        <source>Every figure adds up; nothing to check.</source>
        <translation>Số liệu khớp nhau, không có điểm nào cần kiểm tra.</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Bảng tính Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Export report (DOCX)</source>
        <translation>Xuất báo cáo DOCX</translation>
    </message>
    <message>
        <source>Export report (DOCX)…</source>
        <translation>Xuất báo cáo DOCX…</translation>
    </message>
    <message>
        <source>Export table (XLSX)</source>
        <translation>Xuất bảng XLSX</translation>
    </message>
    <message>
        <source>Export table (XLSX)…</source>
        <translation>Xuất bảng XLSX…</translation>
    </message>
    <message>
        <source>Fill them in once on the “Draft a document” page and export a document there: TroLy remembers them.</source>
        <translation>Hãy điền các thông tin này một lần ở trang “Soạn thảo văn bản” và xuất một văn bản ở đó: TroLy sẽ ghi nhớ chúng.</translation>
    </message>
    <message>
        <source>Folder of the units&apos; reports</source>
        <translation>Thư mục báo cáo của các đơn vị</translation>
    </message>
    <message>
        <source>Matching the indicators and checking the figures…</source>
        <translation>Đang đối chiếu chỉ tiêu và kiểm tra số liệu…</translation>
    </message>
    <message>
        <source>Narrative (preview)</source>
        <translation>Phần lời văn (xem trước)</translation>
    </message>
    <message>
        <source>Narrative preview</source>
        <translation>Xem trước phần lời văn</translation>
    </message>
    <message>
        <source>No folder chosen.</source>
        <translation>Chưa chọn thư mục.</translation>
    </message>
    <message>
        <source>No report in this folder could be read.</source>
        <translation>Không đọc được báo cáo nào trong thư mục này.</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Chưa lưu được</translation>
    </message>
    <message>
        <source>Opening the folder…</source>
        <translation>Đang mở thư mục…</translation>
    </message>
    <message>
        <source>Points to check</source>
        <translation>Điểm cần kiểm tra</translation>
    </message>
    <message>
        <source>Reading {name} ({number} of {total})…</source>
        <translation>Đang đọc {name} ({number}/{total})…</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Đã lưu {path}</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Stopped. Nothing was written.</source>
        <translation>Đã dừng. Chưa ghi tệp nào.</translation>
    </message>
    <message>
        <source>Stopped. The table of the previous run is kept.</source>
        <translation>Đã dừng. Bảng của lần tổng hợp trước được giữ nguyên.</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Đang dừng…</translation>
    </message>
    <message>
        <source>The folder {folder} no longer exists.</source>
        <translation>Thư mục {folder} không còn tồn tại.</translation>
    </message>
    <message>
        <source>The results, difficulties and proposals the units wrote appear here.</source>
        <translation>Kết quả nổi bật, khó khăn vướng mắc và kiến nghị đề xuất mà các đơn vị nêu sẽ hiện ở đây.</translation>
    </message>
    <message>
        <source>Word documents (*.docx)</source>
        <translation>Tài liệu Word (*.docx)</translation>
    </message>
    <message>
        <source>{count} sentences were left out: a figure in them is not in the table.</source>
        <translation>Đã bỏ {count} câu vì có số liệu không có trong bảng.</translation>
    </message>
    <message>
        <source>{units} units, {indicators} indicators. Check the coloured cells; double-click a figure or a label to correct it, right-click a row to merge or leave it out.</source>
        <translation>{units} đơn vị, {indicators} chỉ tiêu. Hãy kiểm tra các ô tô màu; bấm đúp vào số liệu hoặc tên chỉ tiêu để sửa, bấm chuột phải vào một dòng để gộp hoặc bỏ chỉ tiêu.</translation>
    </message>
</context>
<context>
    <name>ConsolidationModel</name>
    <message>
        <source>Also written as:</source>
        <translation>Các đơn vị còn ghi là:</translation>
    </message>
    <message>
        <source>Double-click to rename; right-click to merge or leave it out.</source>
        <translation>Bấm đúp để đổi tên; bấm chuột phải để gộp hoặc bỏ chỉ tiêu.</translation>
    </message>
    <message>
        <source>Source: {where}</source>
        <translation>Nguồn: {where}</translation>
    </message>
    <message>
        <source>Sum of the units&apos; figures</source>
        <translation>Tổng số liệu của các đơn vị</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <source>Value corrected by you.</source>
        <translation>Giá trị do bạn sửa.</translation>
    </message>
    <message>
        <source>“{text}” is not a number.</source>
        <translation>“{text}” không phải là số.</translation>
    </message>
</context>
<context>
    <name>ConsolidationTable</name>
    <message>
        <source>Consolidated table</source>
        <translation>Bảng tổng hợp</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>Chỉ tiêu</translation>
    </message>
    <message>
        <source>Indicator:</source>
        <translation>Chỉ tiêu:</translation>
    </message>
    <message>
        <source>Leave out this indicator</source>
        <translation>Bỏ chỉ tiêu</translation>
    </message>
    <message>
        <source>Merge indicators</source>
        <translation>Gộp chỉ tiêu</translation>
    </message>
    <message>
        <source>Merge with…</source>
        <translation>Gộp với…</translation>
    </message>
    <message>
        <source>Rename the indicator</source>
        <translation>Đổi tên chỉ tiêu</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Đổi tên…</translation>
    </message>
    <message>
        <source>“{label}” is the same indicator as:</source>
        <translation>“{label}” là cùng chỉ tiêu với:</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>Conversations</source>
        <translation>Cuộc hội thoại</translation>
    </message>
    <message>
        <source>Search the conversations</source>
        <translation>Tìm trong các cuộc hội thoại</translation>
    </message>
    <message>
        <source>Search the conversations…</source>
        <translation>Tìm trong các cuộc hội thoại…</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Xóa nội dung tìm kiếm</translation>
    </message>
    <message>
        <source>Finds conversations whose title or messages contain every word typed.</source>
        <translation>Tìm các cuộc hội thoại có tiêu đề hoặc tin nhắn chứa mọi từ đã gõ.</translation>
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
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>Xóa cuộc hội thoại</translation>
    </message>
    <message>
        <source>History notice</source>
        <translation>Thông báo về lịch sử</translation>
    </message>
    <message>
        <source>History is not saved: the encrypted store is unavailable.</source>
        <translation>Lịch sử không được lưu: không mở được kho dữ liệu mã hóa.</translation>
    </message>
    <message>
        <source>No conversation contains “{query}”.</source>
        <translation>Không có cuộc hội thoại nào chứa “{query}”.</translation>
    </message>
    <message>
        <source>New title:</source>
        <translation>Tên mới:</translation>
    </message>
    <message>
        <source>Delete the conversation “{title}” and all its messages? This cannot be undone.</source>
        <translation>Xóa cuộc hội thoại “{title}” cùng toàn bộ tin nhắn? Thao tác này không thể hoàn tác.</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>Chọn</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Look in:</source>
        <translation>Tìm trong:</translation>
    </message>
    <message>
        <source>File name:</source>
        <translation>Tên tệp:</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>Loại tệp:</translation>
    </message>
    <message>
        <source>Documents ({patterns})</source>
        <translation>Tài liệu ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Open the original file</source>
        <translation>Mở tệp gốc</translation>
    </message>
    <message>
        <source>The file {path} no longer exists or has been moved.</source>
        <translation>Tệp {path} không còn hoặc đã bị chuyển đi nơi khác.</translation>
    </message>
    <message>
        <source>No application on this computer opens {name}.</source>
        <translation>Không có ứng dụng nào trên máy này mở được {name}.</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first} và {last}</translation>
    </message>
    <message>
        <source>Quit TroLy</source>
        <translation>Thoát TroLy</translation>
    </message>
    <message>
        <source>Still {work}. Stop and quit?</source>
        <translation>Đang {work}. Dừng và thoát?</translation>
    </message>
    <message>
        <source>Stop and quit</source>
        <translation>Dừng và thoát</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>Tiếp tục làm việc</translation>
    </message>
</context>
<context>
    <name>DraftForm</name>
    <message>
        <source>Document type</source>
        <translation>Loại văn bản</translation>
    </message>
    <message>
        <source>Parent agency</source>
        <translation>Cơ quan chủ quản</translation>
    </message>
    <message>
        <source>Issuing agency</source>
        <translation>Cơ quan ban hành</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Ký hiệu</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Địa danh</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Mức độ khẩn</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Trích yếu</translation>
    </message>
    <message>
        <source>Issuing authority</source>
        <translation>Thẩm quyền ban hành</translation>
    </message>
    <message>
        <source>Legal grounds (separated by ;)</source>
        <translation>Căn cứ (phân cách bằng ;)</translation>
    </message>
    <message>
        <source>Addressed to (separated by ;)</source>
        <translation>Kính gửi (phân cách bằng ;)</translation>
    </message>
    <message>
        <source>Signing authority</source>
        <translation>Quyền hạn ký</translation>
    </message>
    <message>
        <source>Signer's position</source>
        <translation>Chức vụ người ký</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>Người ký</translation>
    </message>
    <message>
        <source>Secretary</source>
        <translation>Thư ký</translation>
    </message>
    <message>
        <source>Recipients (separated by ;)</source>
        <translation>Nơi nhận (phân cách bằng ;)</translation>
    </message>
    <message>
        <source>Drafter's mark and copies</source>
        <translation>Ký hiệu người soạn thảo, số bản</translation>
    </message>
    <message>
        <source>Not urgent</source>
        <translation>Không khẩn</translation>
    </message>
    <message>
        <source>TM. (on behalf of the collective), KT. (signing for the head), Q. (acting), TL., TUQ. (by delegation); empty when the head signs.</source>
        <translation>TM. (thay mặt tập thể), KT. (ký thay người đứng đầu), Q. (quyền), TL., TUQ. (thừa lệnh, thừa ủy quyền); để trống khi người đứng đầu ký.</translation>
    </message>
    <message>
        <source>Chair</source>
        <translation>Chủ tọa</translation>
    </message>
    <message>
        <source>Chair's title</source>
        <translation>Chức danh chủ tọa</translation>
    </message>
    <message>
        <source>Without “V/v”: it is added for a công văn</source>
        <translation>Không cần gõ “V/v”: TroLy tự thêm cho công văn</translation>
    </message>
</context>
<context>
    <name>DraftingPage</name>
    <message>
        <source>Facts to fill in</source>
        <translation>Thông tin cần điền</translation>
    </message>
    <message>
        <source>Facts the brief did not give; fill them in the body: {fields}</source>
        <translation>Yêu cầu chưa nêu các thông tin sau; hãy điền vào nội dung: {fields}</translation>
    </message>
    <message>
        <source>What should the document say? For example: reply to document no. ...</source>
        <translation>Văn bản cần nêu nội dung gì? Ví dụ: trả lời văn bản số ...</translation>
    </message>
    <message>
        <source>Brief</source>
        <translation>Yêu cầu soạn thảo</translation>
    </message>
    <message>
        <source>Related documents…</source>
        <translation>Văn bản liên quan…</translation>
    </message>
    <message>
        <source>Related documents</source>
        <translation>Văn bản liên quan</translation>
    </message>
    <message>
        <source>Documents the draft answers or cites: the model reads them first.</source>
        <translation>Các văn bản mà dự thảo trả lời hoặc viện dẫn: mô hình đọc chúng trước khi soạn.</translation>
    </message>
    <message>
        <source>No related documents.</source>
        <translation>Chưa chọn văn bản liên quan.</translation>
    </message>
    <message>
        <source>Draft the body</source>
        <translation>Soạn nội dung</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Check format</source>
        <translation>Kiểm tra thể thức</translation>
    </message>
    <message>
        <source>Export DOCX…</source>
        <translation>Xuất DOCX…</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>The body appears here; edit it before exporting. One paragraph per line.</source>
        <translation>Nội dung văn bản hiện ở đây; hãy chỉnh sửa trước khi xuất. Mỗi đoạn một dòng.</translation>
    </message>
    <message>
        <source>Drafting status</source>
        <translation>Trạng thái soạn thảo</translation>
    </message>
    <message>
        <source>Format check findings</source>
        <translation>Kết quả kiểm tra thể thức</translation>
    </message>
    <message>
        <source>Format check (Decree 30/2020, Appendix I)</source>
        <translation>Kiểm tra thể thức (Phụ lục I, Nghị định 30/2020)</translation>
    </message>
    <message>
        <source>The model is still loading. You can fill in the fields meanwhile.</source>
        <translation>Mô hình vẫn đang được nạp. Trong lúc chờ, bạn có thể điền các trường.</translation>
    </message>
    <message>
        <source>Drafting the body…</source>
        <translation>Đang soạn nội dung…</translation>
    </message>
    <message>
        <source>Stopped. You can edit the body and export it.</source>
        <translation>Đã dừng. Bạn có thể chỉnh sửa nội dung và xuất văn bản.</translation>
    </message>
    <message>
        <source>Done. Check and edit the body before exporting.</source>
        <translation>Đã soạn xong. Hãy kiểm tra, chỉnh sửa nội dung trước khi xuất.</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Đã lưu {path}</translation>
    </message>
    <message>
        <source>Export DOCX</source>
        <translation>Xuất DOCX</translation>
    </message>
    <message>
        <source>Word documents (*.docx)</source>
        <translation>Tài liệu Word (*.docx)</translation>
    </message>
    <message>
        <source>No departures from Appendix I found.</source>
        <translation>Không phát hiện điểm nào sai thể thức theo Phụ lục I.</translation>
    </message>
</context>
<context>
    <name>FileTable</name>
    <message>
        <source>Files</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>File counts</source>
        <translation>Số lượng tệp</translation>
    </message>
    <message>
        <source>Files of the collection</source>
        <translation>Các tệp của bộ tài liệu</translation>
    </message>
    <message>
        <source>Files that could not be read</source>
        <translation>Các tệp không đọc được</translation>
    </message>
    <message>
        <source>Files that could not be read, and why</source>
        <translation>Các tệp không đọc được và lý do</translation>
    </message>
    <message>
        <source>{files} files: {indexed} indexed, {failed} failed; {pages} pages ({ocr} by OCR), {passages} passages</source>
        <translation>{files} tệp: {indexed} đã lập chỉ mục, {failed} lỗi; {pages} trang ({ocr} trang quét, đã nhận dạng chữ), {passages} đoạn</translation>
    </message>
    <message>
        <source>{count} not readable yet</source>
        <translation>{count} chưa đọc được</translation>
    </message>
</context>
<context>
    <name>FilesModel</name>
    <message>
        <source>{pages} pages, {passages} passages</source>
        <translation>{pages} trang, {passages} đoạn</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Trang</translation>
    </message>
    <message>
        <source>OCR pages</source>
        <translation>Trang quét</translation>
    </message>
    <message>
        <source>Passages</source>
        <translation>Đoạn</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Not readable yet</source>
        <translation>Chưa đọc được</translation>
    </message>
    <message>
        <source>Indexed</source>
        <translation>Đã lập chỉ mục</translation>
    </message>
</context>
<context>
    <name>IndexWorker</name>
    <message>
        <source>Indexing stopped unexpectedly (code {code}). The files indexed before are kept; re-index to continue.</source>
        <translation>Việc lập chỉ mục dừng đột ngột (mã {code}). Các tệp đã lập chỉ mục trước đó vẫn được giữ; hãy lập lại chỉ mục để tiếp tục.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>TroLy main window</source>
        <translation>Cửa sổ chính của TroLy</translation>
    </message>
    <message>
        <source>Modes</source>
        <translation>Chế độ</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Trò chuyện</translation>
    </message>
    <message>
        <source>Ask the documents</source>
        <translation>Hỏi đáp tài liệu</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>Tóm tắt</translation>
    </message>
    <message>
        <source>Draft a document</source>
        <translation>Soạn thảo văn bản</translation>
    </message>
    <message>
        <source>Consolidate reports</source>
        <translation>Tổng hợp báo cáo</translation>
    </message>
    <message>
        <source>Modes and pages</source>
        <translation>Chế độ và trang</translation>
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
        <source>&amp;Getting started</source>
        <translation>&amp;Bắt đầu</translation>
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
        <source>The model could not be loaded</source>
        <translation>Không nạp được mô hình</translation>
    </message>
    <message>
        <source>Answering from the documents…</source>
        <translation>Đang trả lời từ tài liệu…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>About TroLy</source>
        <translation>Giới thiệu TroLy</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;TroLy {version}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;An offline AI assistant for public servants. Everything runs on this computer: no question, document or reply leaves it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;TroLy {version}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Trợ lý AI ngoại tuyến dành cho cán bộ, công chức. Mọi xử lý đều diễn ra trên máy tính này: không câu hỏi, tài liệu hay câu trả lời nào được gửi ra ngoài.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>writing a reply</source>
        <translation>soạn câu trả lời</translation>
    </message>
    <message>
        <source>answering from the documents</source>
        <translation>trả lời từ tài liệu</translation>
    </message>
    <message>
        <source>indexing documents</source>
        <translation>lập chỉ mục tài liệu</translation>
    </message>
    <message>
        <source>summarizing documents</source>
        <translation>tóm tắt văn bản</translation>
    </message>
    <message>
        <source>drafting a document</source>
        <translation>soạn thảo văn bản</translation>
    </message>
    <message>
        <source>consolidating reports</source>
        <translation>tổng hợp báo cáo</translation>
    </message>
    <message>
        <source>loading the model</source>
        <translation>nạp mô hình</translation>
    </message>
</context>
<context>
    <name>ModelDialog</name>
    <message>
        <source>Choose model</source>
        <translation>Chọn mô hình</translation>
    </message>
    <message>
        <source>Models in the list</source>
        <translation>Các mô hình trong danh mục</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dung lượng</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Giấy phép</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>Trên máy này</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Thư mục mô hình</translation>
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
        <translation>Lượng tử hóa (mức nén)</translation>
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
        <source>Use this model</source>
        <translation>Dùng mô hình này</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Đã cài</translation>
    </message>
    <message>
        <source>Not installed: copy {file} into the model folder</source>
        <translation>Chưa có: chép tệp {file} vào thư mục mô hình</translation>
    </message>
    <message>
        <source>Model folder: {folder}. An administrator adds models with “troly models add”.</source>
        <translation>Thư mục mô hình: {folder}. Quản trị viên thêm mô hình bằng lệnh “troly models add”.</translation>
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
        <source>From the file</source>
        <translation>Có sẵn trong tệp</translation>
    </message>
    <message>
        <source>Not in the file: chosen by architecture or the model list</source>
        <translation>Không có trong tệp: chọn theo kiến trúc hoặc theo danh mục mô hình</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Được duyệt</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Dung lượng trên đĩa</translation>
    </message>
    <message>
        <source>Memory needed</source>
        <translation>Bộ nhớ cần có</translation>
    </message>
    <message>
        <source>Technical details</source>
        <translation>Thông tin kỹ thuật</translation>
    </message>
    <message>
        <source>Facts about the model file for the IT staff; not needed to choose a model.</source>
        <translation>Thông tin về tệp mô hình dành cho cán bộ tin học; không cần để chọn mô hình.</translation>
    </message>
    <message>
        <source>No: not in the approved list (it may be used, but ask where the file came from)</source>
        <translation>Không: tệp không có trong danh mục được duyệt (vẫn dùng được, nhưng hãy hỏi rõ nguồn gốc của tệp)</translation>
    </message>
    <message>
        <source>Yes: {name}, exactly the approved file (SHA-256 matches)</source>
        <translation>Có: {name}, đúng tệp đã được duyệt</translation>
    </message>
    <message>
        <source>Listed as {name}, but the file cannot be confirmed yet: its SHA-256 is not published</source>
        <translation>Có tên trong danh mục ({name}) nhưng chưa xác nhận được đây đúng là tệp đã duyệt</translation>
    </message>
    <message>
        <source>{n} word pieces</source>
        <translation>{n} mẩu chữ</translation>
    </message>
    <message>
        <source>about {size} of memory (RAM), to read {n} word pieces at once</source>
        <translation>khoảng {size} bộ nhớ (RAM), để đọc {n} mẩu chữ cùng lúc</translation>
    </message>
</context>
<context>
    <name>PolicyBanner</name>
    <message>
        <source>Administrator&apos;s policy</source>
        <translation>Chính sách của quản trị viên</translation>
    </message>
    <message>
        <source>Administrator&apos;s policy: %1</source>
        <translation>Chính sách của quản trị viên: %1</translation>
    </message>
</context>
<context>
    <name>PageViewer</name>
    <message>
        <source>Page viewer</source>
        <translation>Trình xem trang</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Shown file and page</source>
        <translation>Tệp và trang đang xem</translation>
    </message>
    <message>
        <source>Page image</source>
        <translation>Ảnh trang</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Trang</translation>
    </message>
    <message>
        <source>Page text</source>
        <translation>Nội dung trang</translation>
    </message>
    <message>
        <source>Cited passage</source>
        <translation>Đoạn được trích dẫn</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Page and passage</source>
        <translation>Trang và đoạn trích</translation>
    </message>
    <message>
        <source>◀ Previous page</source>
        <translation>◀ Trang trước</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Trang trước</translation>
    </message>
    <message>
        <source>Next page ▶</source>
        <translation>Trang sau ▶</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Trang sau</translation>
    </message>
    <message>
        <source>Cited page</source>
        <translation>Trang được trích</translation>
    </message>
    <message>
        <source>Back to the cited page</source>
        <translation>Về trang được trích dẫn</translation>
    </message>
    <message>
        <source>Page number</source>
        <translation>Số trang</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Thu nhỏ</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>Thu nhỏ (Ctrl+-)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Phóng to</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>Phóng to (Ctrl++)</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Thu phóng</translation>
    </message>
    <message>
        <source>Open the original file</source>
        <translation>Mở tệp gốc</translation>
    </message>
    <message>
        <source>Opens the file in the application your computer uses for it.</source>
        <translation>Mở tệp bằng ứng dụng mà máy tính của bạn dùng cho loại tệp đó.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Source: {name}</source>
        <translation>Nguồn: {name}</translation>
    </message>
    <message>
        <source>The file cannot be opened: {error}</source>
        <translation>Không mở được tệp: {error}</translation>
    </message>
    <message>
        <source>This page is a scanned image without a text layer, so the passage cannot be marked on it. The passage read from it is shown here.</source>
        <translation>Trang này là ảnh quét, không có lớp chữ, nên không đánh dấu được đoạn trích trên trang. Đoạn đọc được từ trang được hiển thị ở đây.</translation>
    </message>
    <message>
        <source>The passage was not found word for word on this page.</source>
        <translation>Không tìm thấy nguyên văn đoạn trích trên trang này.</translation>
    </message>
    <message>
        <source>This file stores no page numbers; pages are estimated, about one A4 page each.</source>
        <translation>Tệp này không lưu số trang; số trang là ước tính (mỗi trang khoảng một trang A4).</translation>
    </message>
    <message>
        <source>Page ~{page} of {count}</source>
        <translation>Trang ~{page}/{count}</translation>
    </message>
    <message>
        <source>Page {page} of {count}</source>
        <translation>Trang {page}/{count}</translation>
    </message>
</context>
<context>
    <name>ProgressRow</name>
    <message>
        <source>Indexing progress</source>
        <translation>Tiến độ lập chỉ mục</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Cancel indexing</source>
        <translation>Hủy lập chỉ mục</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
</context>
<context>
    <name>QuestionBox</name>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Hint</source>
        <translation>Gợi ý</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>Where the model runs</source>
        <translation>Nơi mô hình chạy</translation>
    </message>
    <message>
        <source>Where the model runs:</source>
        <translation>Nơi mô hình chạy:</translation>
    </message>
    <message>
        <source>On this PC</source>
        <translation>Trên máy này</translation>
    </message>
    <message>
        <source>On the agency&apos;s servers: {servers}</source>
        <translation>Trên máy chủ của cơ quan: {servers}</translation>
    </message>
    <message>
        <source>On the agency&apos;s servers ({servers}), else on this PC</source>
        <translation>Trên máy chủ của cơ quan ({servers}), nếu không được thì trên máy này</translation>
    </message>
    <message>
        <source>Maximum reply length</source>
        <translation>Độ dài tối đa của câu trả lời</translation>
    </message>
    <message>
        <source>Automatic ({n})</source>
        <translation>Tự động ({n})</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>Theo hệ thống</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>Cỡ chữ</translation>
    </message>
    <message>
        <source>The size of all text in TroLy, from 8 to 28 points.</source>
        <translation>Cỡ của mọi chữ trong TroLy, từ 8 đến 28 point.</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>Màu sắc</translation>
    </message>
    <message>
        <source>As the system (light or dark)</source>
        <translation>Theo hệ thống (sáng hoặc tối)</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Sáng</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Tối</translation>
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
        <source>Reload note</source>
        <translation>Ghi chú về việc nạp lại mô hình</translation>
    </message>
    <message>
        <source>Set by your administrator</source>
        <translation>Do quản trị viên thiết lập</translation>
    </message>
    <message>
        <source>Locked settings note</source>
        <translation>Ghi chú cài đặt bị khóa</translation>
    </message>
    <message>
        <source>Delete all data…</source>
        <translation>Xóa toàn bộ dữ liệu…</translation>
    </message>
    <message>
        <source>Delete all data</source>
        <translation>Xóa toàn bộ dữ liệu</translation>
    </message>
    <message>
        <source>Deletes history, the index, logs, settings and the encryption key.</source>
        <translation>Xóa lịch sử, chỉ mục, nhật ký, cài đặt và khóa mã hóa.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Ngôn ngữ:</translation>
    </message>
    <message>
        <source>Font size:</source>
        <translation>Cỡ chữ:</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>Màu sắc:</translation>
    </message>
    <message>
        <source>Data:</source>
        <translation>Dữ liệu:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>Khôi phục mặc định</translation>
    </message>
    <message>
        <source>The settings could not be saved: {error}</source>
        <translation>Không lưu được cài đặt: {error}</translation>
    </message>
    <message>
        <source>Delete all of TroLy's data on this PC: conversation history, the document index, logs, settings and the encryption key? This cannot be undone. Your own files and the model files are not touched. TroLy will close.</source>
        <translation>Xóa toàn bộ dữ liệu của TroLy trên máy này: lịch sử hội thoại, chỉ mục tài liệu, nhật ký, cài đặt và khóa mã hóa? Không thể hoàn tác. Tệp của bạn và tệp mô hình không bị động đến. TroLy sẽ đóng lại.</translation>
    </message>
    <message>
        <source>Delete everything</source>
        <translation>Xóa tất cả</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Giữ lại</translation>
    </message>
    <message>
        <source>Some files could not be deleted: {files}</source>
        <translation>Không xóa được một số tệp: {files}</translation>
    </message>
    <message>
        <source> word pieces</source>
        <translation> mẩu chữ</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Nâng cao</translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation>Cài đặt nâng cao</translation>
    </message>
    <message>
        <source>Settings for experienced users: how the model writes its replies and how much of the computer it uses. The usual values suit most work.</source>
        <translation>Các cài đặt dành cho người dùng am hiểu: cách mô hình viết câu trả lời và mức mô hình dùng sức máy. Các giá trị sẵn có phù hợp với hầu hết công việc.</translation>
    </message>
    <message>
        <source>Creativity of the replies</source>
        <translation>Độ sáng tạo của câu trả lời</translation>
    </message>
    <message>
        <source>Low: steady replies, close to the documents; high: more varied, but more likely to be wrong.</source>
        <translation>Thấp: câu trả lời ổn định, sát tài liệu; cao: đa dạng hơn nhưng dễ sai.</translation>
    </message>
    <message>
        <source>Range of word choice</source>
        <translation>Phạm vi chọn từ ngữ</translation>
    </message>
    <message>
        <source>Low: only the surest words; high: less common words too. 0.9 suits most work.</source>
        <translation>Thấp: chỉ dùng những từ ngữ chắc chắn nhất; cao: dùng cả từ ngữ ít gặp. Mức 0,9 phù hợp với hầu hết công việc.</translation>
    </message>
    <message>
        <source>Counted in word pieces, the units the model writes in: a Vietnamese syllable is usually one or two pieces.</source>
        <translation>Tính bằng mẩu chữ, đơn vị mà mô hình dùng khi viết: mỗi tiếng trong tiếng Việt thường là một đến hai mẩu chữ.</translation>
    </message>
    <message>
        <source>Text kept in mind at once</source>
        <translation>Lượng văn bản ghi nhớ cùng lúc</translation>
    </message>
    <message>
        <source>How much of the conversation or of the documents the assistant reads at once. More remembers longer conversations but needs more memory (RAM).</source>
        <translation>Phần hội thoại hoặc tài liệu mà trợ lý đọc được cùng lúc. Cao hơn thì nhớ được hội thoại dài hơn nhưng cần nhiều bộ nhớ (RAM) hơn.</translation>
    </message>
    <message>
        <source>Processor cores used</source>
        <translation>Số nhân bộ xử lý được dùng</translation>
    </message>
    <message>
        <source>More cores answer faster but slow other programs down. Automatic suits most computers.</source>
        <translation>Dùng nhiều nhân thì trả lời nhanh hơn nhưng các phần mềm khác chạy chậm đi. Để “Tự động” là phù hợp với hầu hết máy tính.</translation>
    </message>
    <message>
        <source>Changing the text kept in mind or the processor cores reloads the model, which takes a few seconds.</source>
        <translation>Khi thay đổi lượng văn bản ghi nhớ cùng lúc hoặc số nhân bộ xử lý, mô hình sẽ được nạp lại (mất vài giây).</translation>
    </message>
    <message>
        <source>Standing instructions to the assistant</source>
        <translation>Lời dặn chung cho trợ lý</translation>
    </message>
    <message>
        <source>The assistant reads them before every conversation, e.g. to answer briefly, in the style of official documents.</source>
        <translation>Trợ lý đọc lời dặn này trước mỗi cuộc trò chuyện, ví dụ: trả lời ngắn gọn, theo văn phong hành chính.</translation>
    </message>
</context>
<context>
    <name>SourcesList</name>
    <message>
        <source>Folders and files</source>
        <translation>Thư mục và tệp</translation>
    </message>
    <message>
        <source>Folders and files of the collection</source>
        <translation>Thư mục và tệp của bộ tài liệu</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Thêm thư mục…</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>Thêm thư mục</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Thêm tệp…</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>Thêm tệp</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Gỡ bỏ</translation>
    </message>
    <message>
        <source>Remove the folder or file</source>
        <translation>Gỡ thư mục hoặc tệp</translation>
    </message>
    <message>
        <source>Stop indexing this folder or file; its passages are removed</source>
        <translation>Thôi lập chỉ mục thư mục hoặc tệp này; các đoạn của nó bị xóa khỏi chỉ mục</translation>
    </message>
    <message>
        <source>You can also drop folders and files here.</source>
        <translation>Bạn cũng có thể kéo thả thư mục và tệp vào đây.</translation>
    </message>
    <message>
        <source>Hint</source>
        <translation>Gợi ý</translation>
    </message>
    <message>
        <source>Where the model runs</source>
        <translation>Nơi mô hình chạy</translation>
    </message>
    <message>
        <source>Where the model runs:</source>
        <translation>Mô hình chạy ở:</translation>
    </message>
    <message>
        <source>On this PC</source>
        <translation>Trên máy này</translation>
    </message>
    <message>
        <source>On the agency&apos;s servers: {servers}</source>
        <translation>Trên máy chủ của cơ quan: {servers}</translation>
    </message>
    <message>
        <source>On the agency&apos;s servers ({servers}), else on this PC</source>
        <translation>Trên máy chủ của cơ quan ({servers}), khi không được thì trên máy này</translation>
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
        <source>Model error (see File &gt; Choose model…)</source>
        <translation>Lỗi mô hình (xem Tệp &gt; Chọn mô hình…)</translation>
    </message>
    <message>
        <source>Writing speed: about {n} words/s</source>
        <translation>Tốc độ viết: khoảng {n} chữ/giây</translation>
    </message>
    <message>
        <source>How fast the model writes on this page, in words a second (estimated: the model writes in pieces of words, about {ratio} to a word; exactly {tokens} pieces a second).</source>
        <translation>Tốc độ mô hình viết trên trang này, tính bằng chữ mỗi giây (ước tính: mô hình viết theo từng mẩu chữ, khoảng {ratio} mẩu một chữ; chính xác là {tokens} mẩu mỗi giây).</translation>
    </message>
    <message>
        <source>History is not saved</source>
        <translation>Lịch sử không được lưu</translation>
    </message>
    <message>
        <source>Agency server: {host} · {model}</source>
        <translation>Máy chủ của cơ quan: {host} · {model}</translation>
    </message>
    <message>
        <source>On this PC · {model}</source>
        <translation>Trên máy này · {model}</translation>
    </message>
</context>
<context>
    <name>SummarizePage</name>
    <message>
        <source>Short summary (5-7 sentences)</source>
        <translation>Tóm tắt ngắn (5-7 câu)</translation>
    </message>
    <message>
        <source>Key points</source>
        <translation>Các ý chính</translation>
    </message>
    <message>
        <source>By chapter or article</source>
        <translation>Tóm tắt theo chương, điều</translation>
    </message>
    <message>
        <source>Brief for a superior</source>
        <translation>Tóm tắt để báo cáo lãnh đạo</translation>
    </message>
    <message>
        <source>Choose files…</source>
        <translation>Chọn tệp…</translation>
    </message>
    <message>
        <source>From a collection…</source>
        <translation>Từ bộ tài liệu…</translation>
    </message>
    <message>
        <source>From a collection</source>
        <translation>Từ bộ tài liệu</translation>
    </message>
    <message>
        <source>Summarize a file already in a collection.</source>
        <translation>Tóm tắt một tệp đã có trong bộ tài liệu.</translation>
    </message>
    <message>
        <source>Drop PDF, DOCX or TXT files here, or choose them.</source>
        <translation>Thả tệp PDF, DOCX hoặc TXT vào đây, hoặc chọn tệp.</translation>
    </message>
    <message>
        <source>Summary style</source>
        <translation>Kiểu tóm tắt</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>Tóm tắt</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>Kiểu</translation>
    </message>
    <message>
        <source>Summary progress</source>
        <translation>Tiến độ tóm tắt</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Bản tóm tắt</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Sao chép</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>Chưa chọn tệp.</translation>
    </message>
    <message>
        <source>Choose documents to summarize</source>
        <translation>Chọn văn bản cần tóm tắt</translation>
    </message>
    <message>
        <source>No collection has indexed files yet.</source>
        <translation>Chưa có bộ tài liệu nào có tệp đã lập chỉ mục.</translation>
    </message>
    <message>
        <source>File to summarize:</source>
        <translation>Tệp cần tóm tắt:</translation>
    </message>
    <message>
        <source>Reading the documents…</source>
        <translation>Đang đọc văn bản…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Đang dừng…</translation>
    </message>
    <message>
        <source>{done} of {total} sections summarized</source>
        <translation>Đã tóm tắt {done}/{total} phần</translation>
    </message>
    <message>
        <source>; merging</source>
        <translation>; đang gộp</translation>
    </message>
    <message>
        <source>; about {low}–{high} s left</source>
        <translation>; còn khoảng {low}–{high} giây</translation>
    </message>
    <message>
        <source>; about {low}–{high} min left</source>
        <translation>; còn khoảng {low}–{high} phút</translation>
    </message>
    <message>
        <source>Stopped. Finished sections are kept: summarizing again resumes from there.</source>
        <translation>Đã dừng. Các phần đã xong được giữ lại: tóm tắt lại sẽ làm tiếp từ đó.</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Deadlines in the documents</source>
        <translation>Các thời hạn trong văn bản</translation>
    </message>
    <message>
        <source>Figures that differ between documents</source>
        <translation>Số liệu khác nhau giữa các văn bản</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Đã sao chép.</translation>
    </message>
    <message>
        <source>Could not save: {error}</source>
        <translation>Không lưu được: {error}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Đã lưu {path}</translation>
    </message>
    <message>
        <source>Word documents (*.docx)</source>
        <translation>Tài liệu Word (*.docx)</translation>
    </message>
    <message>
        <source>Save as a Word file (.docx)…</source>
        <translation>Lưu thành tệp Word (.docx)…</translation>
    </message>
    <message>
        <source>Save as a text file (.md)…</source>
        <translation>Lưu thành tệp văn bản (.md)…</translation>
    </message>
    <message>
        <source>Save as a Word file</source>
        <translation>Lưu thành tệp Word</translation>
    </message>
    <message>
        <source>Save as a text file</source>
        <translation>Lưu thành tệp văn bản</translation>
    </message>
    <message>
        <source>Text files (*.md)</source>
        <translation>Tệp văn bản (*.md)</translation>
    </message>
</context>
<context>
    <name>SummaryWords</name>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} giây</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} phút</translation>
    </message>
    <message>
        <source>Done: {sections} sections, {total} in all ({run} this time).</source>
        <translation>Xong: {sections} phần, tổng thời gian {total} (lần này {run}).</translation>
    </message>
    <message>
        <source>no passage found that states it</source>
        <translation>chưa tìm thấy đoạn nào nêu ý này</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>being summarized…</source>
        <translation>đang tóm tắt…</translation>
    </message>
    <message>
        <source>Outline of the document</source>
        <translation>Dàn ý văn bản</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Getting started</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Welcome to TroLy</source>
        <translation>Chào mừng đến với TroLy</translation>
    </message>
    <message>
        <source>TroLy summarizes your documents, drafts administrative documents laid out by Decree 30/2020 and answers questions from your own files, citing the page. Everything runs on this computer: no question, document or reply leaves it.</source>
        <translation>TroLy tóm tắt tài liệu, soạn thảo văn bản hành chính trình bày theo Nghị định 30/2020 và trả lời câu hỏi từ chính các tệp của bạn, có dẫn trang. Mọi thứ chạy trên máy này: không câu hỏi, tài liệu hay câu trả lời nào rời khỏi máy.</translation>
    </message>
    <message>
        <source>Model status</source>
        <translation>Trạng thái mô hình</translation>
    </message>
    <message>
        <source>Choose model…</source>
        <translation>Chọn mô hình…</translation>
    </message>
    <message>
        <source>Add a folder of documents…</source>
        <translation>Thêm thư mục tài liệu…</translation>
    </message>
    <message>
        <source>Summarize a document</source>
        <translation>Tóm tắt văn bản</translation>
    </message>
    <message>
        <source>Draft a document</source>
        <translation>Soạn thảo văn bản</translation>
    </message>
    <message>
        <source>Start a conversation</source>
        <translation>Bắt đầu trò chuyện</translation>
    </message>
    <message>
        <source>1. The model</source>
        <translation>1. Mô hình</translation>
    </message>
    <message>
        <source>2. Your documents</source>
        <translation>2. Tài liệu của bạn</translation>
    </message>
    <message>
        <source>Add the folder where you keep your PDF and Word files. TroLy reads them once (scanned pages too) and can then answer questions from them.</source>
        <translation>Thêm thư mục chứa các tệp PDF và Word của bạn. TroLy đọc chúng một lần (cả các trang scan) rồi trả lời câu hỏi dựa trên chúng.</translation>
    </message>
    <message>
        <source>3. Summarize</source>
        <translation>3. Tóm tắt</translation>
    </message>
    <message>
        <source>Drop a long document to get its key points, each with its page.</source>
        <translation>Thả một văn bản dài vào để có các ý chính, mỗi ý kèm số trang.</translation>
    </message>
    <message>
        <source>4. Draft</source>
        <translation>4. Soạn thảo</translation>
    </message>
    <message>
        <source>Fill in the agency, number and signer once; say what the document is about; TroLy writes the body and lays out the rest.</source>
        <translation>Điền cơ quan, số, người ký một lần; nói văn bản về việc gì; TroLy viết phần nội dung và trình bày các phần còn lại.</translation>
    </message>
    <message>
        <source>5. Chat</source>
        <translation>5. Trò chuyện</translation>
    </message>
    <message>
        <source>Ask anything; conversations are kept encrypted on this computer.</source>
        <translation>Hỏi bất cứ điều gì; các cuộc hội thoại được mã hóa và lưu trên máy này.</translation>
    </message>
    <message>
        <source>You can come back to this page at any time: “Getting started” on the left.</source>
        <translation>Bạn có thể quay lại trang này bất cứ lúc nào: mục “Bắt đầu” bên trái.</translation>
    </message>
    <message>
        <source>The model is loading; you can look around meanwhile.</source>
        <translation>Mô hình đang được nạp; trong lúc chờ, bạn có thể xem qua các phần.</translation>
    </message>
    <message>
        <source>Ready: {name}. Your administrator may provide a larger model for better answers: choose it here.</source>
        <translation>Sẵn sàng: {name}. Quản trị viên có thể cung cấp mô hình lớn hơn cho câu trả lời tốt hơn: chọn mô hình ở đây.</translation>
    </message>
    <message>
        <source>The model could not be loaded: {message} Choose another model file.</source>
        <translation>Không nạp được mô hình: {message} Hãy chọn tệp mô hình khác.</translation>
    </message>
</context>
</TS>
